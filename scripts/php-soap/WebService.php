<?php
// The operations the curated smartweb-client calls, answered the way SmartWeb does (API
// sheet): a cookie session from Solution_Connect, per-session language and `*_SetFields`
// projections (default: only Id), 1-based pages, SmartWeb's fault codes. Arguments arrive
// by position (see Endpoint), so each method's parameters are the WSDL's, in WSDL order.
// Writes answer as SmartWeb would but change nothing: the driver checks what arrives.

declare(strict_types=1);

final class WebService
{
    private const ZERO_DATE = '0000-00-00 00:00:00';

    public function __construct(private Schema $schema, private ShopData $shop)
    {
    }

    // ----- session ----------------------------------------------------------------------

    public function Solution_Connect($Username, $Password)
    {
        if ($Username !== ShopData::USERNAME || $Password !== ShopData::PASSWORD) {
            throw new SoapFault('AUTH', 'A valid authentication has not been performed with the service');
        }
        Session::open();
        return true;
    }

    public function Solution_SetLanguage($LanguageISO)
    {
        $session = Session::require();
        $known = array_column($this->shop->languages, 'LanguageISO');
        if (!in_array($LanguageISO, $known, true)) {
            throw new SoapFault('NOSUCHISO', "No such language: $LanguageISO");
        }
        $session->set('language', $LanguageISO);
        return true;
    }

    public function Solution_SetCaseSensitiveItemNumber($Enabled)
    {
        Session::require()->set('caseSensitive', (bool) $Enabled);
        return true;
    }

    public function Solution_HasModule($module)
    {
        Session::require();
        if (!in_array($module, ShopData::MODULES, true)) {
            throw new SoapFault('MODULE', "No such module: $module");
        }
        return true;
    }

    public function Order_SetFields($Fields)
    {
        return $this->setFields('Order', $Fields);
    }

    public function Order_SetOrderLineFields($Fields)
    {
        return $this->setFields('OrderLine', $Fields);
    }

    public function Product_SetFields($Fields)
    {
        return $this->setFields('Product', $Fields);
    }

    public function Product_SetVariantFields($Fields)
    {
        return $this->setFields('ProductVariant', $Fields);
    }

    public function User_SetFields($Fields)
    {
        return $this->setFields('User', $Fields);
    }

    /** An unknown name rejects the whole list and keeps the previous one (API sheet §2.6). */
    private function setFields(string $type, $fields): bool
    {
        $session = Session::require();
        $names = array_values(array_filter(array_map('trim', explode(',', (string) $fields)), 'strlen'));
        $unknown = $this->schema->unknownFields($type, $names);
        if ($unknown !== []) {
            throw new SoapFault('NOSUCHPARAM', "No such field on $type: " . implode(', ', $unknown));
        }
        $session->setFields($type, $names === [] ? ['Id'] : $names);
        return true;
    }

    // ----- shop -------------------------------------------------------------------------

    public function Solution_GetWebinfo()
    {
        Session::require();
        return $this->shop->webinfo;
    }

    public function Solution_GetLanguages()
    {
        Session::require();
        return $this->shop->languages;
    }

    public function VatGroup_GetAll()
    {
        Session::require();
        return $this->shop->vatGroups;
    }

    public function Currency_GetAll()
    {
        Session::require();
        return $this->shop->currencies;
    }

    public function Product_GetDeliveryCountryAll()
    {
        Session::require();
        return $this->shop->deliveryCountries;
    }

    public function Delivery_GetAll()
    {
        Session::require();
        return $this->shop->deliveries;
    }

    public function Payment_GetAll()
    {
        Session::require();
        return $this->shop->payments;
    }

    public function OrderStatusCode_GetAll()
    {
        Session::require();
        return $this->shop->statusCodes;
    }

    public function Category_GetAll()
    {
        Session::require();
        return $this->shop->categories;
    }

    // ----- orders -----------------------------------------------------------------------

    public function Order_GetByDateWithPagination($Start, $End, $Status, $Page, $PageSize)
    {
        return $this->orderPage('DateDelivered', $Start, $End, $Status, $Page, $PageSize);
    }

    public function Order_GetByDateUpdatedWithPagination($Start, $End, $Status, $Page, $PageSize)
    {
        return $this->orderPage('DateUpdated', $Start, $End, $Status, $Page, $PageSize);
    }

    public function Order_GetAllWithPagination($Page, $PageSize)
    {
        return $this->orderPage(null, null, null, null, $Page, $PageSize);
    }

    private function orderPage(?string $dateField, $start, $end, $status, $page, $pageSize): array
    {
        $session = Session::require();
        if ($page < 1) {
            throw new SoapFault('PARAM', 'Page must be greater than 0');
        }
        $statuses = ($status === null || $status === '') ? null : explode(',', (string) $status);
        $orders = array_filter($this->shop->orders, function (array $order) use ($dateField, $start, $end, $statuses) {
            if ($dateField !== null) {
                $date = $order[$dateField] ?? self::ZERO_DATE;
                if ($date === self::ZERO_DATE || $date < $start || $date > $end) {
                    return false;
                }
            }
            return $statuses === null || in_array($order['Status'], $statuses, true);
        });
        ksort($orders);
        $slice = array_slice(array_values($orders), ($page - 1) * $pageSize, max(0, $pageSize));
        return array_map(fn(array $o) => $this->projectOrder($session, $o), $slice);
    }

    public function Order_GetById($OrderId)
    {
        $session = Session::require();
        $order = $this->shop->orders[$OrderId] ?? null;
        return $order === null ? null : $this->projectOrder($session, $order);
    }

    public function Order_GetByNumber($Start, $End)
    {
        $session = Session::require();
        $orders = array_filter(
            $this->shop->orders,
            fn(array $o) => ($Start === null || $o['Id'] >= $Start) && ($End === null || $o['Id'] <= $End)
        );
        ksort($orders);
        return array_map(fn(array $o) => $this->projectOrder($session, $o), array_values($orders));
    }

    public function Order_UpdateStatus($OrderId, $Status)
    {
        Session::require();
        $this->requireOrder($OrderId);
        if (!in_array($Status, array_column($this->shop->statusCodes, 'Id'), true)) {
            throw new SoapFault('PARAM', "No such id: $Status for Status");
        }
        return true;
    }

    public function Order_UpdateTrackingCode($OrderId, $TrackingCode)
    {
        Session::require();
        $this->requireOrder($OrderId);
        return true;
    }

    public function Order_UpdateComment($OrderId, $Text)
    {
        Session::require();
        $this->requireOrder($OrderId);
        return true;
    }

    /** Lines for unknown, offline or sold-out products are left out; the order is still made. */
    public function Order_Create($OrderData)
    {
        Session::require();
        foreach (['CurrencyId', 'PaymentId', 'DeliveryId', 'OrderLines', 'OrderCustomer'] as $part) {
            if (!isset($OrderData->$part)) {
                throw new SoapFault('Internal', "An internal error in the service occured. Contact an administrator ($part missing)");
            }
        }
        $items = $OrderData->OrderLines->item ?? [];
        $refused = [];
        foreach (is_array($items) ? $items : [$items] as $line) {
            $product = $this->shop->products[$line->ProductId] ?? null;
            if ($product === null || $product['Online'] !== true || $product['Stock'] <= 0) {
                $refused[] = 'Product: ' . $line->ProductId;
            }
        }
        $id = max(array_keys($this->shop->orders)) + 1;
        if ($refused !== []) {
            throw new SoapFault('lineErrors', "Order: $id created. Following products were not included: " . implode(', ', $refused));
        }
        return $id;
    }

    private function requireOrder($orderId): void
    {
        if (!isset($this->shop->orders[$orderId])) {
            throw new SoapFault('PARAM', "No such id: $orderId for OrderId");
        }
    }

    private function projectOrder(Session $session, array $order): array
    {
        $lineFields = $session->fields('OrderLine');
        if (isset($order['OrderLines'])) {
            $order['OrderLines'] = array_map(fn(array $l) => $this->schema->project('OrderLine', $l, $lineFields), $order['OrderLines']);
        }
        return $this->schema->project('Order', $order, $session->fields('Order'));
    }

    // ----- products ---------------------------------------------------------------------

    public function Product_GetByItemNumber($ItemNumber)
    {
        $session = Session::require();
        $same = $session->caseSensitive()
            ? fn(?string $n) => $n === $ItemNumber
            : fn(?string $n) => $n !== null && strcasecmp($n, (string) $ItemNumber) === 0;
        $found = array_filter($this->shop->products, fn(array $p) => $same($p['ItemNumber'] ?? null));
        return $this->projectProducts($session, $found);
    }

    public function Product_GetById($ProductId)
    {
        $session = Session::require();
        $product = $this->shop->products[$ProductId] ?? null;
        return $product === null ? null : $this->projectProduct($session, $product);
    }

    /** ext/soap hands a one-item ArrayOfInt over as `{item: 501}`, a longer one as `{item: [501, 503]}`. */
    public function Product_GetByIds($ProductIds)
    {
        $session = Session::require();
        $ids = $ProductIds->item ?? [];
        $ids = is_array($ids) ? $ids : [$ids];
        $found = array_filter($this->shop->products, fn(array $p) => in_array($p['Id'], $ids, true));
        return $this->projectProducts($session, $found);
    }

    /** `Start` is an offset from 0. */
    public function Product_GetAllWithLimit($Start, $Length)
    {
        $session = Session::require();
        if ($Start < 0 || $Length < 1) {
            throw new SoapFault('PARAM', 'Start must be 0 or more and Length greater than 0');
        }
        $products = $this->shop->products;
        ksort($products);
        return $this->projectProducts($session, array_slice($products, $Start, $Length));
    }

    public function Product_GetByUpdatedDate($Start, $End)
    {
        $session = Session::require();
        $found = array_filter(
            $this->shop->products,
            fn(array $p) => $p['DateUpdated'] >= $Start && $p['DateUpdated'] <= $End
        );
        return $this->projectProducts($session, $found);
    }

    public function Product_GetVariants($ProductId)
    {
        $session = Session::require();
        $product = $this->shop->products[$ProductId] ?? throw new SoapFault('PARAM', "No such id: $ProductId for ProductId");
        return $this->projectVariants($session, $product['Variants']);
    }

    public function Product_GetVariantsByItemNumber($ItemNumber)
    {
        $session = Session::require();
        $found = [];
        foreach ($this->shop->products as $product) {
            foreach ($product['Variants'] as $variant) {
                if (strcasecmp($variant['ItemNumber'] ?? '', (string) $ItemNumber) === 0) {
                    $found[] = $variant;
                }
            }
        }
        return $this->projectVariants($session, $found);
    }

    public function Product_Create($ProductData)
    {
        Session::require();
        if (!isset($ProductData->CategoryId)) {
            throw new SoapFault('PRODUCT', 'A CategoryId must be set when creating a product');
        }
        return max(array_keys($this->shop->products)) + 1;
    }

    /** The key is Id or ItemNumber; answers the ids changed. */
    public function Product_Update($ProductData)
    {
        Session::require();
        return [$this->productId($ProductData)];
    }

    public function Product_CreateOrUpdate($ProductData)
    {
        Session::require();
        return $this->upsertProduct($ProductData);
    }

    public function Product_CreateOrUpdateBulk($ProductDataList)
    {
        Session::require();
        $items = $ProductDataList->item ?? [];
        $results = [];
        foreach (is_array($items) ? $items : [$items] as $product) {
            try {
                $results[] = $this->schema->record('ProductCreateOrUpdateBulkResult', ['Id' => $this->upsertProduct($product), 'Error' => '']);
            } catch (SoapFault $fault) {
                $results[] = $this->schema->record('ProductCreateOrUpdateBulkResult', ['Id' => 0, 'Error' => $fault->getMessage()]);
            }
        }
        return $results;
    }

    public function Product_UpdateVariant($VariantData)
    {
        Session::require();
        return [$this->variantId($VariantData)];
    }

    public function Product_CreateOrUpdateVariant($VariantData)
    {
        Session::require();
        if (!isset($VariantData->ItemNumber)) {
            throw new SoapFault('PARAM', 'ItemNumber must be set');
        }
        try {
            return $this->variantId($VariantData);
        } catch (SoapFault) {
            if (!isset($this->shop->products[$VariantData->ProductId ?? 0])) {
                throw new SoapFault('PARAM', 'No such id: ' . ($VariantData->ProductId ?? 0) . ' for ProductId');
            }
            return 603;
        }
    }

    public function Product_UpdateStockForStockLocation($ProductId, $StockLocationId, $Stock)
    {
        Session::require();
        if (!isset($this->shop->products[$ProductId])) {
            throw new SoapFault('PARAM', "No such id: $ProductId for ProductId");
        }
        return true;
    }

    public function Product_UpdateVariantStockForStockLocation($VariantId, $StockLocationId, $Stock)
    {
        Session::require();
        $this->variantId((object) ['Id' => $VariantId]);
        return true;
    }

    private function upsertProduct(object $product): int
    {
        if (!isset($product->ItemNumber)) {
            throw new SoapFault('PARAM', 'ItemNumber must be set');
        }
        foreach ($this->shop->products as $id => $existing) {
            if (strcasecmp($existing['ItemNumber'], $product->ItemNumber) === 0) {
                return $id;
            }
        }
        if (!isset($product->CategoryId)) {
            throw new SoapFault('PRODUCT', 'A CategoryId must be set when creating a product');
        }
        return max(array_keys($this->shop->products)) + 1;
    }

    private function productId(object $key): int
    {
        foreach ($this->shop->products as $id => $product) {
            if ((isset($key->Id) && $key->Id === $id)
                || (!isset($key->Id) && isset($key->ItemNumber) && strcasecmp($product['ItemNumber'], $key->ItemNumber) === 0)) {
                return $id;
            }
        }
        throw new SoapFault('PARAM', 'No such product: ' . ($key->Id ?? $key->ItemNumber ?? '(no Id or ItemNumber)'));
    }

    private function variantId(object $key): int
    {
        foreach ($this->shop->products as $product) {
            foreach ($product['Variants'] as $variant) {
                if ((isset($key->Id) && $key->Id === $variant['Id'])
                    || (!isset($key->Id) && isset($key->ItemNumber) && strcasecmp($variant['ItemNumber'], $key->ItemNumber) === 0)) {
                    return $variant['Id'];
                }
            }
        }
        throw new SoapFault('PARAM', 'No such variant: ' . ($key->Id ?? $key->ItemNumber ?? '(no Id or ItemNumber)'));
    }

    private function projectProducts(Session $session, array $products): array
    {
        ksort($products);
        return array_map(fn(array $p) => $this->projectProduct($session, $p), array_values($products));
    }

    private function projectProduct(Session $session, array $product): array
    {
        $product['Variants'] = $this->projectVariants($session, $product['Variants'] ?? []);
        return $this->schema->project('Product', $product, $session->fields('Product'));
    }

    private function projectVariants(Session $session, array $variants): array
    {
        $fields = $session->fields('ProductVariant');
        return array_map(fn(array $v) => $this->schema->project('ProductVariant', $v, $fields), $variants);
    }

    // ----- users ------------------------------------------------------------------------

    public function User_GetById($UserId)
    {
        $session = Session::require();
        $user = $this->shop->users[$UserId] ?? null;
        return $user === null ? null : $this->schema->project('User', $user, $session->fields('User'));
    }

    public function User_GetByGroup($UserGroupId)
    {
        $session = Session::require();
        $found = array_filter($this->shop->users, fn(array $u) => $u['UserGroupId'] === $UserGroupId);
        ksort($found);
        return array_map(fn(array $u) => $this->schema->project('User', $u, $session->fields('User')), array_values($found));
    }

    public function User_Create($UserData)
    {
        Session::require();
        if (isset($UserData->ConsentDate) && !preg_match('/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/', $UserData->ConsentDate)) {
            throw new SoapFault('PARAM', "ConsentDate '{$UserData->ConsentDate}' is not a valid datetime (yyyy-mm-dd hh:mm:ss)");
        }
        return max(array_keys($this->shop->users)) + 1;
    }

    public function User_Update($UserData)
    {
        Session::require();
        if (!isset($this->shop->users[$UserData->Id ?? 0])) {
            throw new SoapFault('PARAM', 'No such id: ' . ($UserData->Id ?? 0) . ' for UserId');
        }
        return $UserData->Id;
    }

    public function User_GetGroupAll()
    {
        Session::require();
        return array_values($this->shop->userGroups);
    }

    public function User_GetGroupById($UserGroupId)
    {
        Session::require();
        return $this->shop->userGroups[$UserGroupId] ?? null;
    }

    public function User_CreateGroup($UserGroupData)
    {
        Session::require();
        return max(array_keys($this->shop->userGroups)) + 1;
    }

    public function User_UpdateGroup($UserGroupData)
    {
        Session::require();
        if (!isset($this->shop->userGroups[$UserGroupData->Id ?? 0])) {
            throw new SoapFault('PARAM', 'No such id: ' . ($UserGroupData->Id ?? 0) . ' for UserGroupId');
        }
        return $UserGroupData->Id;
    }
}
