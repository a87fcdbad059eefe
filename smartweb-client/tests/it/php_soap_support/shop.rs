//! The login and the shop-wide reads: web info, languages, VAT groups, currencies, countries,
//! delivery and payment methods, order statuses, categories.

use rust_decimal_macros::dec;
use smartweb_client::model::{
    Category, Currency, Delivery, PaymentMethod, PaymentMethodOnline, ProductDeliveryCountry,
    ShopWebinfo, SolutionLanguage, VatGroup,
};

use super::log::call;
use super::{Run, empty, login_calls, ok, s};

pub async fn run(run: &mut Run<'_>) {
    let webinfo = run.client.shop().webinfo().await;
    let mut first = login_calls();
    first.push(call("Solution_GetWebinfo", vec![]));
    run.arrived("first call (a login, then the language)", first);
    let want = ShopWebinfo {
        title: s("Kaffe & Kopper"),
        language_iso: s("DK"),
        company: s("Kaffe & Kopper ApS"),
        contact_person: s("Mette Jensen"),
        address: s("Vestergade 12"),
        zip: s("8000"),
        city: s("Aarhus C"),
        country: s("Denmark"),
        phone: s("+45 70 20 30 40"),
        mobile: empty(),
        fax: empty(),
        email: s("shop@kaffeogkopper.example"),
        email_dummy: s("noreply@kaffeogkopper.example"),
        cvr: empty(),
        bank_info: empty(),
        product_prices_with_vat: Some(true),
        show_product_prices_with_vat: Some(true),
        solution_id: s("shop000000"),
    };
    run.eq("webinfo", &ok(webinfo), &Ok(want));

    let languages = run.client.shop().languages().await;
    run.arrived("languages", vec![call("Solution_GetLanguages", vec![])]);
    let language = |id, iso: &str, title: &str, primary| SolutionLanguage {
        id: Some(id),
        language_iso: s(iso),
        title: s(title),
        primary: Some(primary),
        status: Some(true),
        site_id: Some(1),
    };
    run.eq(
        "languages",
        &ok(languages),
        &Ok(vec![
            language(1, "DK", "Dansk", true),
            language(2, "UK", "English", false),
        ]),
    );

    let vat_groups = run.client.shop().vat_groups().await;
    run.arrived("VAT groups", vec![call("VatGroup_GetAll", vec![])]);
    let group = |id, name: &str, rate, sorting| VatGroup {
        id: Some(id),
        name: s(name),
        vat_percentage: Some(rate),
        sorting: Some(sorting),
    };
    run.eq(
        "VAT groups",
        &ok(vat_groups),
        &Ok(vec![group(1, "Momsfri", 0, 0), group(2, "Moms", 25, 1)]),
    );

    let currencies = run.client.shop().currencies().await;
    run.arrived("currencies", vec![call("Currency_GetAll", vec![])]);
    run.eq(
        "currencies (PHP writes the rate 1.0 as `1`)",
        &ok(currencies),
        &Ok(vec![
            Currency {
                id: Some(1),
                iso: s("DKK"),
                symbol: s("kr."),
                symbol_place: s("right"),
                currency: Some(dec!(1)),
                decimal: s(","),
                decimal_count: Some(2),
                point: s("."),
                round: Some(0),
                round_on: Some(2),
                title: s("Danske kroner"),
            },
            Currency {
                id: Some(2),
                iso: s("EUR"),
                symbol: s("€"),
                symbol_place: s("left"),
                currency: Some(dec!(7.4604)),
                decimal: s(","),
                decimal_count: Some(2),
                point: s("."),
                round: Some(3),
                round_on: Some(2),
                title: s("Euro"),
            },
        ]),
    );

    let countries = run.client.shop().delivery_countries().await;
    run.arrived(
        "delivery countries",
        vec![call("Product_GetDeliveryCountryAll", vec![])],
    );
    run.eq(
        "delivery countries (a one-item array with a one-item Access array)",
        &ok(countries),
        &Ok(vec![ProductDeliveryCountry {
            id: Some(1),
            iso: s("DK"),
            code: s("DK"),
            tax: Some(25),
            company_tax: Some(25),
            access: vec!["DK".to_owned()],
            primary: Some(true),
        }]),
    );

    let deliveries = run.client.shop().deliveries().await;
    run.arrived("deliveries", vec![call("Delivery_GetAll", vec![])]);
    run.eq(
        "deliveries",
        &ok(deliveries),
        &Ok(vec![Delivery {
            id: Some(1),
            r#type: s("normal"),
            service_type: s("gls"),
            vat: Some(true),
            free_delivery_active: Some(true),
            free_delivery_price: Some(dec!(499)),
            over_limit_fee_active: Some(false),
            over_limit_fixed_fee: Some(dec!(0)),
            over_limit_percentage_fee: Some(dec!(0)),
            user_groups: vec![],
            region_mode: Some(false),
            zip_from: Some(0),
            zip_to: Some(9999),
            zip_groups: vec![],
            delivery_estimate: Some(true),
            multiple_addresses: Some(false),
            fixed_delivery: Some(false),
            sorting: Some(0),
            primary: Some(true),
            title: s("GLS Pakkeshop"),
            text: empty(),
            language_iso: s("DK"),
            price: Some(dec!(39.2)),
        }]),
    );

    let payments = run.client.shop().payments().await;
    run.arrived("payments", vec![call("Payment_GetAll", vec![])]);
    let online = |id, title: &str, percentage, icons: &str, sorting| PaymentMethodOnline {
        id: Some(id),
        title: s(title),
        fixed_fee: Some(dec!(0)),
        percentage_fee: Some(percentage),
        icons: s(icons),
        sorting: Some(sorting),
    };
    run.eq(
        "payments",
        &ok(payments),
        &Ok(vec![PaymentMethod {
            id: Some(1),
            title: s("Online betaling"),
            description: empty(),
            language_iso: s("DK"),
            sorting: Some(0),
            gateway_user_id: s("12345"),
            gateway_user_name: s("kaffeogkopper"),
            gateway_password: s("gateway-test-credential"),
            online_methods: vec![
                online(1, "Dankort", dec!(0), "dankort.png", 0),
                online(
                    2,
                    "Visa/Mastercard",
                    dec!(1.45),
                    "visa.png,mastercard.png",
                    1,
                ),
            ],
            r#type: s("quickpay"),
            vat: Some(false),
            fixed_fee: Some(dec!(0)),
            percentage_fee: Some(dec!(1.45)),
            order_status: Some(1),
            payment_accept_path: empty(),
            language_access: vec!["DK".to_owned(), "UK".to_owned()],
        }]),
    );

    let statuses = run.client.shop().order_status_codes().await;
    run.arrived(
        "order statuses",
        vec![call("OrderStatusCode_GetAll", vec![])],
    );
    let statuses = statuses.unwrap_or_default();
    let titles: Vec<(Option<i64>, Option<String>, Option<i64>)> = statuses
        .iter()
        .map(|c| (c.id, c.title.clone(), c.sorting))
        .collect();
    let want_titles: Vec<(Option<i64>, Option<String>, Option<i64>)> = [
        (0, "Ikke modtaget"),
        (1, "Ordre modtaget"),
        (2, "Behandles"),
        (3, "Ordre sendt"),
        (4, "Genåbnet"),
        (5, "Annulleret"),
        (6, "Klar til afhentning"),
        (7, "Delvist sendt"),
        (8, "Afhentet"),
        (99, "Kladde"),
        (100, "Kreditnota"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (id, title))| (Some(*id), s(title), Some(i as i64)))
    .collect();
    run.eq("order statuses", &titles, &want_titles);

    let categories = run.client.shop().categories().await;
    run.arrived("categories", vec![call("Category_GetAll", vec![])]);
    run.eq(
        "categories (ShowInMenu nil and a one-item array)",
        &ok(categories),
        &Ok(vec![
            Category {
                id: Some(1),
                description: s("<p>Friskristet kaffe</p>"),
                description_bottom: empty(),
                language_iso: s("DK"),
                seo_descripton: s("Kaffe fra eget risteri"),
                seo_keywords: empty(),
                seo_title: empty(),
                seo_link: s("kaffe"),
                seo_canonical: empty(),
                title: s("Kaffe"),
                parent_id: Some(0),
                status: Some(true),
                sorting: Some(0),
                language_access: vec!["DK".to_owned()],
                user_group_access_ids: vec![],
                show_in_menu: vec![],
            },
            Category {
                id: Some(3),
                description: empty(),
                description_bottom: empty(),
                language_iso: s("DK"),
                seo_descripton: empty(),
                seo_keywords: empty(),
                seo_title: empty(),
                seo_link: empty(),
                seo_canonical: empty(),
                title: s("Kopper"),
                parent_id: Some(1),
                status: Some(true),
                sorting: Some(1),
                language_access: vec!["DK".to_owned(), "UK".to_owned()],
                user_group_access_ids: vec![0, 2],
                show_in_menu: vec![1],
            },
        ]),
    );
}
