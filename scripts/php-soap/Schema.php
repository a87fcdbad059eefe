<?php
// The record types of the SmartWeb WSDL, read from the WSDL itself: which elements a type
// has, which of them the schema requires, and what each element holds. The handler builds
// every answer through `record()`, so a misspelt field fails loudly instead of vanishing,
// and a required field without a value is set to null: ext/soap then writes it as an empty
// element, and never leaves it out (an unset required property is a Server fault,
// "SOAP-ERROR: Encoding: object has no 'X' property").

declare(strict_types=1);

final class Schema
{
    /** @var array<string, array<string, array{type: string, required: bool, unbounded: bool}>> type => element => facts */
    private array $records = [];

    /** @var array<string, string> ArrayOfX => item type */
    private array $arrays = [];

    /**
     * Reads the named complex types. Only ext/soap and the standard extensions are installed
     * (no DOM), so the types are read with patterns; the WSDL is machine-written, and the
     * result is checked against ext/soap's own reading of it (`SoapClient::__getTypes`).
     */
    public function __construct(string $wsdlPath)
    {
        $wsdl = file_get_contents($wsdlPath);
        if ($wsdl === false) {
            throw new RuntimeException("cannot read the WSDL at $wsdlPath");
        }
        preg_match_all('~<xsd:complexType\s+name="([^"]+)"\s*>(.*?)</xsd:complexType>~s', $wsdl, $types, PREG_SET_ORDER);
        foreach ($types as [, $name, $body]) {
            preg_match_all('~<xsd:element\s([^>]*?)/?>~s', $body, $elements);
            $facts = [];
            foreach ($elements[1] as $attributes) {
                preg_match_all('~(\w+)="([^"]*)"~', $attributes, $pairs);
                $attribute = array_combine($pairs[1], $pairs[2]);
                $facts[$attribute['name']] = [
                    'type' => self::local($attribute['type']),
                    'required' => ($attribute['minOccurs'] ?? '1') !== '0',
                    'unbounded' => ($attribute['maxOccurs'] ?? '1') === 'unbounded',
                ];
            }
            if (str_starts_with($name, 'ArrayOf') && count($facts) === 1 && ($facts['item']['unbounded'] ?? false)) {
                $this->arrays[$name] = $facts['item']['type'];
            } else {
                $this->records[$name] = $facts;
            }
        }
        $this->checkAgainstExtSoap($wsdlPath, substr_count($wsdl, '<xsd:complexType name='));
    }

    private function checkAgainstExtSoap(string $wsdlPath, int $namedTypes): void
    {
        if (count($this->records) + count($this->arrays) !== $namedTypes) {
            throw new LogicException("read $namedTypes named types as " . count($this->records) . ' records and ' . count($this->arrays) . ' arrays');
        }
        $client = new SoapClient($wsdlPath, ['cache_wsdl' => WSDL_CACHE_MEMORY]);
        $compared = 0;
        foreach ($client->__getTypes() as $declaration) {
            if (!preg_match('~^struct (\w+) \{(.*)\}$~s', $declaration, $struct) || !isset($this->records[$struct[1]])) {
                continue;
            }
            preg_match_all('~ (\w+);~', $struct[2], $names);
            if ($names[1] !== array_keys($this->records[$struct[1]])) {
                throw new LogicException("the elements of {$struct[1]} differ from ext/soap's reading of the WSDL");
            }
            $compared++;
        }
        if ($compared !== count($this->records)) {
            throw new LogicException("ext/soap lists $compared of the " . count($this->records) . ' record types read');
        }
    }

    private static function local(string $qname): string
    {
        $colon = strrpos($qname, ':');
        return $colon === false ? $qname : substr($qname, $colon + 1);
    }

    public function hasElement(string $type, string $element): bool
    {
        return isset($this->records[$type][$element]);
    }

    /**
     * A record of `$type` with `$values`; required elements missing from `$values` are null.
     *
     * @param array<string, mixed> $values
     * @return array<string, mixed>
     */
    public function record(string $type, array $values): array
    {
        $elements = $this->records[$type] ?? throw new LogicException("no record type $type in the WSDL");
        foreach (array_keys($values) as $name) {
            if (!isset($elements[$name])) {
                throw new LogicException("$type has no element $name in the WSDL");
            }
        }
        foreach ($elements as $name => $facts) {
            if ($facts['required'] && !array_key_exists($name, $values)) {
                $values[$name] = null;
            }
        }
        return $values;
    }

    /**
     * The record cut down to the elements in `$fields` (a `*_SetFields` list), as SmartWeb's
     * projections do; required elements outside the list stay, as null.
     *
     * @param array<string, mixed> $record
     * @param list<string> $fields
     * @return array<string, mixed>
     */
    public function project(string $type, array $record, array $fields): array
    {
        $out = [];
        foreach ($record as $name => $value) {
            if (in_array($name, $fields, true)) {
                $out[$name] = $value;
            } elseif ($this->records[$type][$name]['required'] ?? false) {
                $out[$name] = null;
            }
        }
        return $out;
    }

    /** The names in a `Fields` argument that are not elements of `$type`. @return list<string> */
    public function unknownFields(string $type, array $fields): array
    {
        return array_values(array_filter($fields, fn(string $f) => !$this->hasElement($type, $f)));
    }
}
