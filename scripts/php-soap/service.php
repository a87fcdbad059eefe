<?php
// Router script for `php -S`: a PHP ext/soap SoapServer over SmartWeb's WSDL, answering
// every POST with the WebService handler (see run.sh). Configured by the environment:
// SMARTWEB_WSDL (the WSDL file), SMARTWEB_PHP_LOG (the request log, JSON lines) and
// SMARTWEB_PHP_SESSIONS (the session directory).

declare(strict_types=1);

foreach (['Schema', 'ShopData', 'Session', 'RequestLog', 'WebService', 'Endpoint'] as $class) {
    require __DIR__ . "/$class.php";
}

function setting(string $name): string
{
    $value = getenv($name);
    if ($value === false || $value === '') {
        throw new RuntimeException("$name is not set");
    }
    return $value;
}

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    http_response_code(405);
    header('Allow: POST');
    return true;
}

ini_set('session.save_path', setting('SMARTWEB_PHP_SESSIONS'));
ini_set('session.use_strict_mode', '1');
ini_set('session.use_only_cookies', '1');
ini_set('session.gc_probability', '0');

$wsdl = setting('SMARTWEB_WSDL');
// The server answers in the version it is asked in; the log records which one that was.
$soapVersion = str_contains(strtolower($_SERVER['CONTENT_TYPE'] ?? ''), 'application/soap+xml') ? '1.2' : '1.1';
$schema = new Schema($wsdl);
$server = new SoapServer($wsdl, ['cache_wsdl' => WSDL_CACHE_MEMORY]);
$server->setObject(new Endpoint(
    new WebService($schema, new ShopData($schema)),
    new RequestLog(setting('SMARTWEB_PHP_LOG')),
    $soapVersion,
));
$server->handle();
return true;
