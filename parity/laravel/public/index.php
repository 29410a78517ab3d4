<?php

/*
 * The parity reference: POST /v1/{sid}/whatsapp/activation on Laravel 8 and PHP 8.2 from Debian
 * (no Composer), served by nginx + php-fpm as production PHP is. It answers as the mock should:
 * api-key first, then the form request's first failed rule, then the once-only claim per SID.
 * Envelopes and messages come from the catalogue the parity suite writes (PARITY_CATALOGUE);
 * claims live under PARITY_STATE_DIR. Both are FastCGI parameters set by the suite's nginx.
 */

require_once 'Illuminate/autoload.php';
foreach (['Catalogue', 'ClaimStore', 'ValidationFailed', 'ActivationRequest'] as $class) {
    require_once __DIR__ . "/../app/$class.php";
}

use Illuminate\Container\Container;
use Illuminate\Events\Dispatcher;
use Illuminate\Foundation\Http\Middleware\ConvertEmptyStringsToNull;
use Illuminate\Foundation\Http\Middleware\TrimStrings;
use Illuminate\Http\Request;
use Illuminate\Pipeline\Pipeline;
use Illuminate\Routing\Router;
use Illuminate\Translation\ArrayLoader;
use Illuminate\Translation\Translator;
use Illuminate\Validation\Factory as ValidationFactory;
use Parity\ActivationRequest;
use Parity\Catalogue;
use Parity\ClaimStore;
use Parity\ValidationFailed;
use Symfony\Component\HttpKernel\Exception\MethodNotAllowedHttpException;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;

$catalogue = new Catalogue($_SERVER['PARITY_CATALOGUE'] ?? getenv('PARITY_CATALOGUE'));
$claims = new ClaimStore($_SERVER['PARITY_STATE_DIR'] ?? getenv('PARITY_STATE_DIR'));

$container = new Container();
Container::setInstance($container);
$loader = new ArrayLoader();
$loader->addMessages('en', 'validation', $catalogue->validationLines());
$validation = new ValidationFactory(new Translator($loader, 'en'), $container);
$container->instance(\Illuminate\Contracts\Validation\Factory::class, $validation);

$router = new Router(new Dispatcher($container), $container);
$container->instance(Router::class, $router);

$router->post('v1/{sid}/whatsapp/activation', function (Request $request, string $sid) use ($catalogue, $claims, $container) {
    // The api-key is checked before the body: any non-blank key opens any SID.
    if (trim((string) $request->header('api-key', '')) === '') {
        return $catalogue->error('API_KEY_MISSING');
    }
    $form = ActivationRequest::createFrom($request);
    $form->setContainer($container);
    try {
        $form->validateResolved();
    } catch (ValidationFailed $failed) {
        return $catalogue->validationError($failed->parameter, $failed->text);
    }
    $valid = $form->validated();
    $id = $claims->claim($sid);
    if ($id === null) {
        return $catalogue->error('ALREADY_SUBMITTED');
    }
    return $catalogue->success(successItem($id, $valid));
});

/**
 * The success body: the echoed fields are what Laravel's validated data holds (business_id as the
 * integer column would give it back); the rest has the documented shape with values of the same type.
 */
function successItem(int $id, array $valid): array
{
    $now = (string) time();
    return [
        'business_details' => [
            'id' => $id,
            'company_id' => 'Zparity',
            'business_id' => (string) filter_var($valid['business_id'], FILTER_VALIDATE_INT),
            'business_name' => $valid['business_name'],
            'certificate_id' => $id,
            'status' => 2,
            'namespace' => str_repeat('0', 36),
            'created_at' => $now,
            'modified_at' => $now,
            'created_by' => '1000000000',
            'modified_by' => '1000000000',
            'waba_id' => '1000000000000000',
        ],
        'phone_number' => [
            'created_by' => '1000000000',
            'created_at' => $now,
            'company_id' => 'Zparity',
            'name' => $valid['display_name'],
            'incoming_url' => $valid['incoming_url'] ?? '',
            'phone_number' => $valid['wa_number'],
            'country' => '',
            'status' => 2,
            'iso_code' => '',
            'id' => $id,
        ],
        'template' => '',
    ];
}

$request = Request::capture();
try {
    // Laravel's default global middleware for request data: TrimStrings, then ConvertEmptyStringsToNull.
    $response = (new Pipeline($container))
        ->send($request)
        ->through([new TrimStrings(), new ConvertEmptyStringsToNull()])
        ->then(function (Request $request) use ($container, $router) {
            $container->instance(Request::class, $request);
            return $router->dispatch($request);
        });
} catch (NotFoundHttpException $e) {
    $response = $catalogue->error('ROUTE_NOT_FOUND', $request->method() . ' ' . $request->getPathInfo());
} catch (MethodNotAllowedHttpException $e) {
    $response = $catalogue->error('METHOD_NOT_ALLOWED', $request->method() . ' is not allowed on ' . $request->getPathInfo() . '; use ' . $e->getHeaders()['Allow'] . '.');
    $response->headers->set('Allow', $e->getHeaders()['Allow']);
}
$response->send();
