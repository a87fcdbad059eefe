<?php
// The shop the conformance server answers from: a small Danish webshop in the shapes of the
// SmartWeb sheets (order 1044 is the credit note of 1042, prices gross with 25 % VAT on
// products and net on order lines, transaction amounts in øre, zero dates for "never").
// The driver (smartweb-client/tests/it/php_soap_support/) expects exactly these values;
// change both together.
//
// Money and measures are PHP floats, so PHP's own encoder writes them (`5.0E-5`, `-150`).
// A null is a value the shop does not have: ext/soap writes it as an empty element where
// the schema requires the element (xsi:nil where it is nillable) and leaves it out elsewhere.

declare(strict_types=1);

final class ShopData
{
    public const USERNAME = 'api@kaffeogkopper.example';
    /** A test credential with characters that need escaping on the wire. */
    public const PASSWORD = 'Kaffe&Kopper<2026>';
    public const MODULES = ['blog', 'news', 'multisite', 'filesale', 'seo', 'api'];

    /** @var array<string, mixed> */
    public array $webinfo;
    /** @var list<array<string, mixed>> */
    public array $languages;
    /** @var list<array<string, mixed>> */
    public array $vatGroups;
    /** @var list<array<string, mixed>> */
    public array $currencies;
    /** @var list<array<string, mixed>> */
    public array $deliveryCountries;
    /** @var list<array<string, mixed>> */
    public array $deliveries;
    /** @var list<array<string, mixed>> */
    public array $payments;
    /** @var list<array<string, mixed>> */
    public array $statusCodes;
    /** @var list<array<string, mixed>> */
    public array $categories;
    /** @var array<int, array<string, mixed>> by id */
    public array $orders;
    /** @var array<int, array<string, mixed>> by id */
    public array $products;
    /** @var array<int, array<string, mixed>> by id */
    public array $users;
    /** @var array<int, array<string, mixed>> by id */
    public array $userGroups;

    public function __construct(private Schema $schema)
    {
        $r = $schema->record(...);
        $this->webinfo = $r('ShopWebinfo', [
            'Title' => 'Kaffe & Kopper',
            'LanguageISO' => 'DK',
            'Company' => 'Kaffe & Kopper ApS',
            'ContactPerson' => 'Mette Jensen',
            'Address' => 'Vestergade 12',
            'Zip' => '8000',
            'City' => 'Aarhus C',
            'Country' => 'Denmark',
            'Phone' => '+45 70 20 30 40',
            'Email' => 'shop@kaffeogkopper.example',
            'EmailDummy' => 'noreply@kaffeogkopper.example',
            'ProductPricesWithVat' => true,
            'ShowProductPricesWithVat' => true,
            'SolutionId' => 'shop000000',
            // Mobile, Fax, Cvr and BankInfo are unset: written as empty elements.
        ]);
        $this->languages = [
            $r('SolutionLanguage', ['Id' => 1, 'LanguageISO' => 'DK', 'Title' => 'Dansk', 'Primary' => true, 'Status' => true, 'SiteId' => 1]),
            $r('SolutionLanguage', ['Id' => 2, 'LanguageISO' => 'UK', 'Title' => 'English', 'Primary' => false, 'Status' => true, 'SiteId' => 1]),
        ];
        $this->vatGroups = [
            $r('VatGroup', ['Id' => 1, 'Name' => 'Momsfri', 'VatPercentage' => 0, 'Sorting' => 0]),
            $r('VatGroup', ['Id' => 2, 'Name' => 'Moms', 'VatPercentage' => 25, 'Sorting' => 1]),
        ];
        $this->currencies = [
            $r('Currency', ['Id' => 1, 'Iso' => 'DKK', 'Symbol' => 'kr.', 'SymbolPlace' => 'right', 'Currency' => 1.0, 'Decimal' => ',', 'DecimalCount' => 2, 'Point' => '.', 'Round' => 0, 'RoundOn' => 2, 'Title' => 'Danske kroner']),
            $r('Currency', ['Id' => 2, 'Iso' => 'EUR', 'Symbol' => '€', 'SymbolPlace' => 'left', 'Currency' => 7.4604, 'Decimal' => ',', 'DecimalCount' => 2, 'Point' => '.', 'Round' => 3, 'RoundOn' => 2, 'Title' => 'Euro']),
        ];
        $this->deliveryCountries = [
            $r('ProductDeliveryCountry', ['Id' => 1, 'Iso' => 'DK', 'Code' => 'DK', 'Tax' => 25, 'CompanyTax' => 25, 'Access' => ['DK'], 'Primary' => true]),
        ];
        $this->deliveries = [
            $r('Delivery', [
                'Id' => 1, 'Type' => 'normal', 'ServiceType' => 'gls', 'Vat' => true,
                'FreeDeliveryActive' => true, 'FreeDeliveryPrice' => 499.0,
                'OverLimitFeeActive' => false, 'OverLimitFixedFee' => 0.0, 'OverLimitPercentageFee' => 0.0,
                'UserGroups' => [], 'RegionMode' => false, 'ZipFrom' => 0, 'ZipTo' => 9999, 'ZipGroups' => [],
                'DeliveryEstimate' => true, 'MultipleAddresses' => false, 'FixedDelivery' => false,
                'Sorting' => 0, 'Primary' => true, 'Title' => 'GLS Pakkeshop', 'LanguageISO' => 'DK',
                'Price' => 39.2,
            ]),
        ];
        $this->payments = [
            $r('PaymentMethod', [
                'Id' => 1, 'Title' => 'Online betaling', 'LanguageISO' => 'DK', 'Sorting' => 0,
                'GatewayUserId' => '12345', 'GatewayUserName' => 'kaffeogkopper',
                'GatewayPassword' => 'gateway-test-credential',
                'OnlineMethods' => [
                    $r('PaymentMethodOnline', ['Id' => 1, 'Title' => 'Dankort', 'FixedFee' => 0.0, 'PercentageFee' => 0.0, 'Icons' => 'dankort.png', 'Sorting' => 0]),
                    $r('PaymentMethodOnline', ['Id' => 2, 'Title' => 'Visa/Mastercard', 'FixedFee' => 0.0, 'PercentageFee' => 1.45, 'Icons' => 'visa.png,mastercard.png', 'Sorting' => 1]),
                ],
                'Type' => 'quickpay', 'Vat' => false, 'FixedFee' => 0.0, 'PercentageFee' => 1.45,
                'OrderStatus' => 1, 'LanguageAccess' => ['DK', 'UK'],
            ]),
        ];
        $this->statusCodes = [];
        foreach ([0 => 'Ikke modtaget', 1 => 'Ordre modtaget', 2 => 'Behandles', 3 => 'Ordre sendt', 4 => 'Genåbnet', 5 => 'Annulleret', 6 => 'Klar til afhentning', 7 => 'Delvist sendt', 8 => 'Afhentet', 99 => 'Kladde', 100 => 'Kreditnota'] as $id => $title) {
            $this->statusCodes[] = $r('OrderStatusCode', ['Id' => $id, 'Title' => $title, 'LanguageISO' => 'DK', 'Sorting' => count($this->statusCodes)]);
        }
        $this->categories = [
            $r('Category', [
                'Id' => 1, 'Description' => '<p>Friskristet kaffe</p>', 'LanguageISO' => 'DK',
                'SeoDescripton' => 'Kaffe fra eget risteri', 'SeoLink' => 'kaffe', 'Title' => 'Kaffe',
                'ParentId' => 0, 'Status' => true, 'Sorting' => 0, 'LanguageAccess' => ['DK'],
                'UserGroupAccessIds' => [], 'ShowInMenu' => null,
            ]),
            $r('Category', [
                'Id' => 3, 'Description' => '', 'LanguageISO' => 'DK', 'Title' => 'Kopper',
                'ParentId' => 1, 'Status' => true, 'Sorting' => 1, 'LanguageAccess' => ['DK', 'UK'],
                'UserGroupAccessIds' => [0, 2], 'ShowInMenu' => [1],
            ]),
        ];
        $this->orders = $this->orders();
        $this->products = $this->products();
        $this->userGroups = [
            1 => $r('UserGroup', ['Description' => '', 'Id' => 1, 'InterestFields' => [], 'ParentId' => 0, 'Producer' => false, 'LanguageISO' => 'DK', 'Title' => 'Kunder', 'Sorting' => 0]),
            2 => $r('UserGroup', ['Description' => 'Erhvervskunder med forhandlerpriser', 'Id' => 2, 'InterestFields' => [4], 'ParentId' => 0, 'Producer' => false, 'LanguageISO' => 'DK', 'Title' => 'Forhandlere', 'Sorting' => 1]),
        ];
        $this->users = $this->users();
    }

    /** @return array<int, array<string, mixed>> */
    private function orders(): array
    {
        $r = $this->schema->record(...);
        $currency = fn(int $orderId) => $r('OrderCurrency', ['OrderId' => $orderId, 'Id' => 1, 'Iso' => 'DKK', 'Symbol' => 'kr.', 'SymbolPlace' => 'right', 'Currency' => 1.0, 'Decimal' => ',', 'Point' => '.', 'Round' => 0]);
        $line = fn(array $values) => $r('OrderLine', $values + [
            'FileDownloadId' => 0, 'PacketLines' => [], 'PacketTitle' => '', 'PacketId' => 0,
            'AdditionalTitle' => '', 'Discount' => 0.0, 'DiscountRounded' => 0.0, 'ServiceType' => '',
            'StockStatus' => 'instock', 'Status' => 0, 'TrackingCode' => '', 'LineAddresses' => [],
            'OfflineProduct' => false, 'VatRate' => 25.0, 'StockLocationId' => 1, 'DeliveryId' => 0,
            'Unit' => 'stk.', 'ExtendedDataInternal' => '', 'ExtendedDataExternal' => '',
        ]);
        $anna = fn(int $orderId) => $r('OrderCustomer', [
            'Id' => 14, 'OrderId' => $orderId, 'Firstname' => 'Anna', 'Lastname' => 'Holm',
            'Company' => 'Holm Design ApS', 'B2B' => true, 'Cvr' => '12345678', 'Address' => 'Nørregade 4',
            'Zip' => '1165', 'City' => 'København K', 'Country' => 'Denmark', 'CountryCode' => '1',
            'Phone' => '+45 20 30 40 50', 'Email' => 'anna@holmdesign.example',
            'ShippingFirstname' => 'Peter', 'ShippingLastname' => 'Holm', 'ShippingAddress' => 'Skovvej 2',
            'ShippingZip' => '8600', 'ShippingCity' => 'Silkeborg', 'ShippingCountry' => 'Denmark',
            'ShippingCountryCode' => '1',
        ]);
        $gls = fn(int $id, int $orderId, ?int $droppoint) => $r('OrderDelivery', [
            'Id' => $id, 'OrderId' => $orderId, 'DeliveryMethodId' => 1, 'Vat' => true,
            'Title' => 'GLS Pakkeshop', 'Price' => 39.2, 'BuyPrice' => 25.0, 'ServiceType' => 'gls',
            'DroppointId' => $droppoint,
        ] + ($droppoint === null ? [] : ['DroppointIdLong' => (string) $droppoint]));
        $payment = fn(int $id, int $orderId) => $r('OrderPayment', ['Id' => $id, 'OrderId' => $orderId, 'PaymentMethodId' => 1, 'Title' => 'Online betaling', 'Price' => 0.0, 'Vat' => false, 'ExternalId' => 'qp-' . (880000 + $orderId)]);

        $orders = [];
        $orders[1042] = $r('Order', [
            'Id' => 1042, 'InvoiceNumber' => null, 'CurrencyId' => 4, 'Currency' => $currency(1042),
            'CustomerId' => 14, 'Customer' => $anna(1042), 'UserId' => 7, 'Site' => 1, 'LanguageISO' => 'DK',
            'Status' => '3', 'PaymentId' => 1, 'Payment' => $payment(21, 1042),
            'Transactions' => [$r('OrderTransaction', [
                'Id' => 31, 'OrderId' => 1042, 'PaymentId' => 21, 'Status' => 1,
                'TransactionNumber' => 889911, 'TransactionNumberLong' => '889911', 'SubscriptionId' => 0,
                'Cardtype' => 'dankort', 'Amount' => 33340, 'AmountFull' => 333.4, 'AmountOriginal' => 333.4,
                'Currency' => '1', 'Errorcode' => 0, 'Actioncode' => 0, 'Date' => '2026-11-03 10:15:42',
            ])],
            'Vat' => 56.88, 'Total' => 227.52, 'OrderComment' => 'Kunden ringer før levering',
            'CustomerComment' => '', 'DeliveryComment' => null, 'DeliveryTime' => '',
            'TrackingCode' => 'GLS-00012345', 'DateDelivered' => '2026-11-03 10:15:00',
            'DateDue' => '0000-00-00 00:00:00', 'DateSent' => '2026-11-04 14:02:00',
            'DateUpdated' => '2026-11-04 14:02:00',
            'OrderLines' => [
                $line(['Id' => 5001, 'OrderId' => 1042, 'ProductId' => 501, 'VariantId' => 601, 'Amount' => 2,
                    'ProductTitle' => 'Kaffekop', 'VariantTitle' => 'Rød', 'ItemNumber' => 'SKU-100-RED',
                    'ItemNumberSupplier' => 'SUP-100R', 'Price' => 79.96, 'PriceRounded' => 79.96,
                    'BuyPrice' => 31.2, 'Weight' => 0.35]),
                $line(['Id' => 5002, 'OrderId' => 1042, 'ProductId' => 502, 'VariantId' => 0, 'Amount' => 1,
                    'ProductTitle' => 'Frøpose (økologisk)', 'VariantTitle' => '', 'ItemNumber' => 'SKU-200',
                    'ItemNumberSupplier' => '', 'Price' => 67.6, 'PriceRounded' => 67.6, 'BuyPrice' => 12.5,
                    'Weight' => 5.0E-5,
                    'LineAddresses' => [$r('OrderLineAddress', [
                        'Id' => 1, 'LineId' => 5002, 'Amount' => 1, 'Firstname' => 'Peter', 'Lastname' => 'Holm',
                        'Address' => 'Skovvej 2', 'Zip' => '8600', 'City' => 'Silkeborg', 'CountryIso' => 'DK',
                        'DeliveryDate' => '2026-11-06', 'DeliveryTime' => '08-12',
                    ])]]),
            ],
            'PackingId' => 0, 'DeliveryId' => 1, 'Delivery' => $gls(14, 1042, 95123),
            'DiscountCodes' => [$r('OrderDiscountCode', [
                'Id' => 3, 'OrderId' => 1042, 'DiscountId' => 9, 'Title' => 'VELKOMMEN10', 'Type' => 'percent',
                'Value' => 10.0, 'Discount' => 25.28, 'Vat' => true, 'IsNewGiftCard' => false,
            ])],
            'ReferenceNumber' => 'PO-2026-118', 'Origin' => '',
        ]);
        $orders[1043] = $r('Order', [
            'Id' => 1043, 'CurrencyId' => 5, 'Currency' => $currency(1043), 'CustomerId' => 15,
            'Customer' => $r('OrderCustomer', [
                'Id' => 15, 'OrderId' => 1043, 'Firstname' => 'Jonas', 'Lastname' => 'Berg', 'Company' => '',
                'B2B' => false, 'Address' => 'Åboulevarden 30, 3. th.', 'Zip' => '8000', 'City' => 'Aarhus C',
                'Country' => 'Denmark', 'CountryCode' => '1', 'Phone' => '', 'Email' => 'jonas@berg.example',
                // Cvr, Ean and the Shipping* fields are unset: written as empty elements.
            ]),
            'UserId' => 0, 'Site' => 1, 'LanguageISO' => 'DK', 'Status' => '1', 'PaymentId' => 1,
            'Payment' => $payment(22, 1043), 'Transactions' => [], 'Vat' => 16.9, 'Total' => 67.6,
            'TrackingCode' => '', 'DateDelivered' => '2026-11-10 09:00:00', 'DateDue' => '0000-00-00 00:00:00',
            'DateSent' => '0000-00-00 00:00:00', 'DateUpdated' => '0000-00-00 00:00:00',
            'OrderLines' => [
                $line(['Id' => 5003, 'OrderId' => 1043, 'ProductId' => 501, 'VariantId' => 602, 'Amount' => 1,
                    'ProductTitle' => 'Kaffekop', 'VariantTitle' => 'Blå', 'ItemNumber' => 'SKU-100-BLUE',
                    'Price' => 67.6, 'PriceRounded' => 67.6, 'BuyPrice' => 31.2, 'Weight' => 0.35]),
            ],
            'DeliveryId' => 1, 'Delivery' => $gls(15, 1043, null), 'DiscountCodes' => [],
            'ReferenceNumber' => '', 'Origin' => '',
        ]);
        $orders[1044] = $r('Order', [
            'Id' => 1044, 'CurrencyId' => 6, 'Currency' => $currency(1044), 'CustomerId' => 16,
            'Customer' => $anna(1044), 'UserId' => 7, 'Site' => 1, 'LanguageISO' => 'DK', 'Status' => '99',
            'Vat' => -37.5, 'Total' => -150.0, 'DateDelivered' => '2026-11-12 16:30:00',
            'DateUpdated' => '2026-11-12 16:31:05', 'DateSent' => '0000-00-00 00:00:00',
            'OrderLines' => [
                $line(['Id' => 5004, 'OrderId' => 1044, 'ProductId' => 501, 'VariantId' => 601, 'Amount' => 1,
                    'ProductTitle' => 'Kaffekop', 'VariantTitle' => 'Rød', 'ItemNumber' => 'SKU-100-RED',
                    'Price' => -150.0, 'PriceRounded' => -150.0, 'BuyPrice' => 0.0, 'Weight' => 0.0]),
            ],
            'ReferenceNumber' => 'PO-2026-118', 'Origin' => '1042',
        ]);
        return $orders;
    }

    /** @return array<int, array<string, mixed>> */
    private function products(): array
    {
        $r = $this->schema->record(...);
        $stock = fn(string $type, int $stock, float $buyPrice) => $r($type, ['StockLocationId' => 1, 'DeliveryTimeId' => 0, 'Stock' => $stock, 'BuyPrice' => $buyPrice]);
        $base = [
            'ProducerId' => 0, 'Status' => true, 'DisableOnEmpty' => false, 'CallForPrice' => false,
            'RelationCode' => '', 'Discount' => 0.0, 'DiscountType' => 'p', 'DeliveryId' => 0,
            'DeliveryTimeId' => 0, 'DiscountGroupId' => 0, 'FocusFrontpage' => false, 'FocusCart' => false,
            'LanguageISO' => 'DK', 'UnitId' => 1, 'MinAmount' => 1, 'AutoStock' => '1',
            'OutOfStockBuy' => '0', 'TypeLabel' => 'normal',
        ];
        $products = [];
        $products[501] = $r('Product', [
            'Id' => 501, 'CategoryId' => 1, 'SecondaryCategoryIds' => [3], 'Online' => true, 'Stock' => 12,
            'ItemNumber' => 'SKU-100', 'ItemNumberSupplier' => 'SUP-100', 'Weight' => 0.35,
            'BuyingPrice' => 31.2, 'Price' => 99.95, 'Ean' => '5701234567892', 'FocusFrontpage' => true,
            'DateCreated' => '2025-03-01 12:00:00', 'DateUpdated' => '2026-11-02 08:30:00',
            'RelatedProductIds' => [502, 503], 'Title' => 'Kaffekop',
            'Description' => '<p>Kop i stentøj, 30 cl</p>', 'DescriptionShort' => 'Kop i stentøj',
            'DescriptionLong' => null, 'SeoLink' => 'kaffekop',
            'Variants' => [
                $r('ProductVariant', [
                    'Id' => 601, 'ProductId' => 501, 'Stock' => 5, 'StockLow' => 1, 'Price' => 99.95,
                    'BuyingPrice' => 31.2, 'ItemNumber' => 'SKU-100-RED', 'ItemNumberSupplier' => 'SUP-100R',
                    'Weight' => 0.35, 'DeliveryTimeId' => 0, 'Description' => 'Rød', 'Status' => true,
                    'DisableOnEmpty' => false, 'Discount' => 0.0, 'DiscountType' => 'p', 'Ean' => '5701234567908',
                    'PictureIds' => [11], 'Sorting' => 0, 'VariantTypeValues' => [1], 'MinAmount' => 1,
                    'Title' => 'Rød', 'StockLocations' => [$stock('ProductVariantStockLocation', 5, 31.2)],
                ]),
                $r('ProductVariant', [
                    'Id' => 602, 'ProductId' => 501, 'Stock' => 0, 'StockLow' => 1, 'Price' => 84.5,
                    'BuyingPrice' => 31.2, 'ItemNumber' => 'SKU-100-BLUE', 'ItemNumberSupplier' => '',
                    'Weight' => 0.35, 'DeliveryTimeId' => -1, 'Description' => 'Blå', 'Status' => true,
                    'DisableOnEmpty' => true, 'Discount' => 15.0, 'DiscountType' => 'a', 'Ean' => null,
                    'PictureIds' => [], 'Sorting' => 1, 'VariantTypeValues' => [2], 'MinAmount' => 1,
                    'Title' => 'Blå', 'StockLocations' => [],
                ]),
            ],
            'Discounts' => [$r('ProductDiscount', [
                'Id' => 7, 'ProductId' => 501, 'ProductVariantId' => 0, 'Amount' => 10, 'Price' => 89.95,
                'Discount' => 0.0, 'Currency' => 'DKK', 'DiscountType' => 'a', 'UserType' => 'group', 'UserId' => 2,
                'Date' => false, 'DateFrom' => '0000-00-00', 'DateTo' => '0000-00-00', 'Accumulate' => false,
                'Site' => 1, 'Language' => 'DK',
            ])],
            'VariantTypes' => 'Farve', 'Sorting' => 1, 'GuidelinePrice' => 119.0, 'VatGroupId' => 2,
            'StockLow' => 2, 'StockLocations' => [$stock('ProductStockLocation', 12, 31.2)],
        ] + $base);
        $products[502] = $r('Product', [
            'Id' => 502, 'CategoryId' => 1, 'SecondaryCategoryIds' => [], 'Online' => true, 'Stock' => 40,
            'ItemNumber' => 'SKU-200', 'ItemNumberSupplier' => '', 'Weight' => 5.0E-5, 'BuyingPrice' => 12.5,
            'Price' => 84.5, 'Ean' => '', 'DateCreated' => '2025-09-12 08:00:00',
            'DateUpdated' => '2026-10-15 10:00:00', 'RelatedProductIds' => [],
            'Title' => 'Frøpose (økologisk)', 'Description' => '', 'DescriptionShort' => '',
            'Variants' => [], 'Discounts' => [], 'VariantTypes' => '', 'Sorting' => 2,
            'GuidelinePrice' => 0.0, 'VatGroupId' => 2, 'StockLow' => 0, 'StockLocations' => [],
        ] + $base);
        $products[503] = $r('Product', [
            'Id' => 503, 'CategoryId' => 3, 'SecondaryCategoryIds' => [], 'Online' => false, 'Stock' => 0,
            'ItemNumber' => 'GAVEKORT-250', 'Weight' => 0.0, 'BuyingPrice' => 0.0, 'Price' => 250.0,
            'DateCreated' => '2026-11-20 12:00:00', 'DateUpdated' => '2026-11-20 12:00:00',
            'Title' => 'Gavekort 250 kr.', 'Variants' => [], 'Discounts' => [], 'VariantTypes' => '',
            'Sorting' => 3, 'VatGroupId' => 1, 'StockLocations' => [],
            'TypeLabel' => 'gift-card-without-code',
        ] + $base);
        return $products;
    }

    /** @return array<int, array<string, mixed>> */
    private function users(): array
    {
        $r = $this->schema->record(...);
        $users = [];
        $users[7] = $r('User', [
            'Id' => 7, 'Username' => 'anna@holmdesign.example', 'Password' => '$2y$10$kOe3mZ0sS1z0Yk4Z1m8b6uQk',
            'UserGroupId' => 2, 'Type' => 'company', 'Company' => 'Holm Design ApS', 'CustomData' => [],
            'Cvr' => '12345678', 'Ean' => '5790001234567', 'Firstname' => 'Anna', 'Lastname' => 'Holm', 'Sex' => 2,
            'Address' => 'Nørregade 4', 'Address2' => null, 'Zip' => '1165', 'City' => 'København K',
            'Country' => 'Denmark', 'CountryCode' => 1, 'Currency' => 'DKK', 'Phone' => '+45 20 30 40 50',
            'Email' => 'anna@holmdesign.example', 'DiscountGroupId' => 0, 'Newsletter' => true,
            'BirthDate' => '0000-00-00', 'DateCreated' => '2025-06-01 09:00:00',
            'DateUpdated' => '2026-11-01 10:00:00', 'Approved' => true, 'LanguageISO' => 'DK',
            'LanguageAccess' => ['DK'], 'InterestFields' => [4], 'Number' => 'C-1007', 'Site' => 1,
            'ShippingFirstname' => 'Peter', 'ShippingLastname' => 'Holm', 'ShippingAddress' => 'Skovvej 2',
            'ShippingZip' => '8600', 'ShippingCity' => 'Silkeborg', 'ShippingCountry' => 'Denmark',
            'ShippingCountryCode' => 1, 'Consent' => true, 'ConsentDate' => '2025-06-01 09:00:00',
        ]);
        $users[8] = $r('User', [
            'Id' => 8, 'Username' => 'jonas@berg.example', 'UserGroupId' => 1, 'Type' => 'private',
            'Firstname' => 'Jonas', 'Lastname' => 'Berg', 'Address' => 'Åboulevarden 30, 3. th.',
            'Zip' => '8000', 'City' => 'Aarhus C', 'Country' => 'Denmark', 'CountryCode' => 1,
            'Email' => 'jonas@berg.example', 'Newsletter' => false, 'Approved' => true, 'LanguageISO' => 'DK',
            'DateCreated' => '2026-11-10 09:00:00', 'DateUpdated' => '0000-00-00 00:00:00', 'Consent' => false,
        ]);
        return $users;
    }
}
