<?php
// The PHP ext/soap side of benches/peers.rs (run by it; see scripts/bench-peers.sh):
// decodes one Order_GetAllWithPagination page with SoapClient in WSDL mode, the response
// handed over by __doRequest instead of HTTP, once untimed and then ROUNDS times.
//
//   php benches/peers.php WSDL PAGE ROUNDS
//
// Prints one line: the median wall-clock and CPU time in milliseconds, and what was decoded (orders, order
// lines, the sum of Total) so the caller can check that every parser read the same values.

if ($argc !== 4) {
    fwrite(STDERR, "usage: php peers.php WSDL PAGE ROUNDS\n");
    exit(2);
}
[, $wsdl, $page, $rounds] = $argv;
$rounds = max(1, (int) $rounds);

final class PageClient extends SoapClient
{
    public string $page = '';

    public function __doRequest(
        string $request,
        string $location,
        string $action,
        int $version,
        bool $oneWay = false
    ): ?string {
        return $this->page;
    }
}

ini_set('memory_limit', '-1');
$client = new PageClient($wsdl, [
    'cache_wsdl' => WSDL_CACHE_MEMORY,
    // One order is still a list, as with more.
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
]);
$client->page = file_get_contents($page);

/** CPU time of this process so far, in milliseconds (user and system). */
function cpu_ms(): float
{
    $usage = getrusage();
    return ($usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec']) * 1e3
        + ($usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec']) / 1e3;
}

// One untimed call first, as the other parsers get one.
$client->Order_GetAllWithPagination(['Page' => 1, 'PageSize' => 100]);
$walls = [];
$cpus = [];
$result = null;
for ($i = 0; $i < $rounds; $i++) {
    $result = null; // the previous round's orders are freed outside the timed part
    $cpu = cpu_ms();
    $start = hrtime(true);
    $result = $client->Order_GetAllWithPagination(['Page' => 1, 'PageSize' => 100]);
    $walls[] = (hrtime(true) - $start) / 1e6;
    $cpus[] = cpu_ms() - $cpu;
}
sort($walls);
sort($cpus);
$middle = intdiv($rounds, 2);

$orders = $result->Order_GetAllWithPaginationResult->item ?? [];
$lines = 0;
$total = 0.0;
foreach ($orders as $order) {
    $lines += count($order->OrderLines->item ?? []);
    $total += (float) ($order->Total ?? 0);
}
printf(
    "php wall_ms=%.3f cpu_ms=%.3f orders=%d lines=%d total=%.2f peak_mb=%.1f\n",
    $walls[$middle],
    $cpus[$middle],
    count($orders),
    $lines,
    $total,
    memory_get_peak_usage(true) / 1e6
);
