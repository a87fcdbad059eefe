<?php
// The SmartWeb session: PHP's own file session behind the PHPSESSID cookie that
// Solution_Connect sets. A new login is a fresh session with SmartWeb's defaults (primary
// language, every projection "Id" only, item numbers matched case-insensitively); any other
// call without a logged-in session is an AUTH fault. Deleting the session files is how the
// driver makes a session expire.

declare(strict_types=1);

final class Session
{
    private const AUTH_MESSAGE = 'A valid authentication has not been performed with the service';

    private function __construct()
    {
    }

    public static function open(): self
    {
        if (session_status() !== PHP_SESSION_ACTIVE) {
            session_start();
        }
        session_regenerate_id(true);
        $_SESSION = ['loggedIn' => true, 'language' => 'DK', 'fields' => [], 'caseSensitive' => false];
        return new self();
    }

    public static function require(): self
    {
        if (session_status() !== PHP_SESSION_ACTIVE) {
            if (!isset($_COOKIE[session_name()])) {
                throw new SoapFault('AUTH', self::AUTH_MESSAGE);
            }
            session_start();
        }
        if (($_SESSION['loggedIn'] ?? false) !== true) {
            throw new SoapFault('AUTH', self::AUTH_MESSAGE);
        }
        return new self();
    }

    public function set(string $key, mixed $value): void
    {
        $_SESSION[$key] = $value;
    }

    /** @param list<string> $fields */
    public function setFields(string $type, array $fields): void
    {
        $_SESSION['fields'][$type] = $fields;
    }

    /** @return list<string> "If not set, the output format includes only the Id" (WSDL). */
    public function fields(string $type): array
    {
        return $_SESSION['fields'][$type] ?? ['Id'];
    }

    public function caseSensitive(): bool
    {
        return $_SESSION['caseSensitive'];
    }
}
