/**
 * The media type PHP picks its body reader by (main/SAPI.c, sapi_read_post_data): the
 * Content-Type up to its first ';', ',' or space, lower-cased, matched exactly. So
 * "multipart/form-data boundary=x" is a multipart body to PHP, and "multipart/form-data\t; …" is not.
 */
export function phpContentType (contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined
  const cut = contentType.search(/[;, ]/)
  return (cut === -1 ? contentType : contentType.slice(0, cut)).toLowerCase()
}
