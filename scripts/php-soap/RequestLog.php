<?php
// What PHP decoded from each request, one JSON line per call, for the Rust driver to check:
// the arguments in the order the service binds them (positionally), each with PHP's own
// type. Floats are written with var_export (the shortest text that reads back to the same
// double, e.g. 1.0E-5), so the driver compares them as exact decimals. Passwords (an
// argument or a field named Password) are logged as their SHA-256 only.

declare(strict_types=1);

final class RequestLog
{
    private const SECRET_FIELDS = ['Password'];

    public function __construct(private string $path)
    {
    }

    public function write(string $operation, string $soapVersion, object $parameters): void
    {
        $line = json_encode(
            ['op' => $operation, 'soap' => $soapVersion, 'args' => self::fields($parameters)],
            JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR
        );
        if (file_put_contents($this->path, $line . "\n", FILE_APPEND | LOCK_EX) === false) {
            throw new RuntimeException("cannot append to {$this->path}");
        }
    }

    /** @return list<array<string, mixed>> */
    private static function fields(object $value): array
    {
        $fields = [];
        foreach (get_object_vars($value) as $name => $field) {
            $fields[] = ['name' => (string) $name] + (in_array($name, self::SECRET_FIELDS, true) && is_string($field)
                ? ['type' => 'sha256', 'value' => hash('sha256', $field)]
                : self::typed($field));
        }
        return $fields;
    }

    /** @return array<string, mixed> */
    private static function typed(mixed $value): array
    {
        return match (true) {
            $value === null => ['type' => 'null'],
            is_bool($value) => ['type' => 'bool', 'value' => $value],
            is_int($value) => ['type' => 'int', 'value' => $value],
            is_float($value) => ['type' => 'float', 'value' => var_export($value, true)],
            is_string($value) => ['type' => 'string', 'value' => $value],
            is_array($value) => ['type' => 'array', 'items' => array_map(self::typed(...), array_values($value))],
            is_object($value) => ['type' => 'object', 'fields' => self::fields($value)],
            default => throw new LogicException('unexpected decoded value of type ' . get_debug_type($value)),
        };
    }
}
