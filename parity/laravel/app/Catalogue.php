<?php

namespace Parity;

use Illuminate\Http\JsonResponse;

/**
 * The mock's catalogue as the parity suite hands it over (a JSON file named by the PARITY_CATALOGUE
 * FastCGI parameter): the vendor's envelopes and the validation messages with Laravel's
 * placeholders. The reference writes no message of its own.
 */
class Catalogue
{
    private array $data;

    public function __construct(string $path)
    {
        $this->data = json_decode(file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
    }

    /** validation.* lines for Laravel's translator, keyed by rule name. */
    public function validationLines(): array
    {
        return $this->data['validation'];
    }

    public function error(string $name, string $detail = ''): JsonResponse
    {
        $entry = $this->data['errors'][$name];
        return self::json($entry['status'], [
            'code' => $entry['code'],
            'message' => $entry['message'],
            'data' => [],
            'error' => ['code' => $entry['errorCode'], 'message' => str_replace('{detail}', $detail, $entry['errorMessage']), 'data' => []],
        ]);
    }

    public function validationError(string $parameter, string $message): JsonResponse
    {
        $entry = $this->data['errors']['VALIDATION'];
        return self::json($entry['status'], [
            'code' => $entry['code'],
            'message' => $entry['message'],
            'data' => [],
            'error' => ['code' => $entry['errorCode'], 'type' => 'VALIDATION_ERROR', 'parameter' => $parameter, 'message' => $message, 'reference' => ''],
        ]);
    }

    public function success(array $item): JsonResponse
    {
        $entry = $this->data['success'];
        return self::json(200, ['code' => $entry['code'], 'message' => $entry['message'], 'data' => [$item], 'error' => new \stdClass()]);
    }

    private static function json(int $status, array $body): JsonResponse
    {
        return new JsonResponse($body, $status, [], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }
}
