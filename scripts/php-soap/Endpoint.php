<?php
// The object SoapServer calls. ext/soap decodes a document/literal request into one object
// (the operation element's children, in WSDL order, unknown names dropped); SmartWeb's
// service spreads its values into the method's parameters by position, which is why a
// wrongly named argument reaches PHP as "Too few arguments to function
// WebService::Order_GetAllWithPagination(), 0 passed … and exactly 2 expected" (API sheet
// §2.7). Every request is logged before it runs.

declare(strict_types=1);

final class Endpoint
{
    public function __construct(
        private WebService $service,
        private RequestLog $log,
        private string $soapVersion,
    ) {
    }

    /** @param array<int, mixed> $arguments */
    public function __call(string $operation, array $arguments): array
    {
        $parameters = $arguments[0] ?? new stdClass();
        $this->log->write($operation, $this->soapVersion, $parameters);
        $result = $this->service->$operation(...array_values(get_object_vars($parameters)));
        return [$operation . 'Result' => $result];
    }
}
