/** PHP_INT_MAX and PHP_INT_MIN on 64-bit PHP: the range json_decode, FILTER_VALIDATE_INT and C's strtoll keep. */
export const PHP_INT_MAX = 2n ** 63n - 1n
export const PHP_INT_MIN = -(2n ** 63n)
