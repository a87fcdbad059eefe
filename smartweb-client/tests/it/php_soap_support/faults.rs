//! PHP's own faults as typed errors: SmartWeb's codes thrown as `SoapFault`, ext/soap's
//! answers to an operation the WSDL lacks, to an argument it cannot decode and to a call
//! that binds too few arguments, and an expired session (a read is replayed after a new
//! login, a write is not).

use smartweb_client::api::fields;
use smartweb_client::model::{
    OrderCreate, OrderCustomerCreate, OrderLineCreate, ProductCreateUpdate,
};
use smartweb_client::soap::{Element, Path, XmlWriter};
use smartweb_client::soap::{NilForm, OpKind, Operation, SoapVersion};
use smartweb_client::{Error, ops};

use super::log::{arg, call, int, object, password, text};
use super::{Run, USERNAME, builder, login_calls, ok, s};

/// Requests the curated client never sends, written by hand: the operation name and its
/// argument elements as given.
macro_rules! handmade {
    ($name:ident, $op:literal, $output:ty) => {
        struct $name(&'static [(&'static str, &'static str)]);

        impl Operation for $name {
            const NAME: &'static str = $op;
            const KIND: OpKind = OpKind::Write;
            type Output = $output;

            fn write_args(&self, w: &mut XmlWriter, _nil: NilForm) {
                for (name, value) in self.0 {
                    w.leaf(name, value);
                }
            }

            fn read_args(_wrapper: &Element, path: &Path<'_>) -> Result<Self, Error> {
                Err(Error::Decode {
                    path: path.render(),
                    message: "only PHP reads this request".to_owned(),
                    excerpt: String::new(),
                })
            }
        }
    };
}

handmade!(CategorySetFields, "Category_SetFields", bool);
handmade!(
    OrdersByStartLength,
    "Order_GetAllWithPagination",
    Vec<smartweb_client::model::Order>
);
handmade!(
    OrderByTextId,
    "Order_GetById",
    Option<smartweb_client::model::Order>
);

/// ext/soap's code for its own errors: `SOAP-ENV:Server` in SOAP 1.1, `env:Receiver` in 1.2.
fn engine_code(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::V11 => "Server",
        SoapVersion::V12 => "Receiver",
    }
}

pub async fn run(run: &mut Run<'_>) {
    let version = run.version;

    let refused = run
        .client
        .call(&ops::OrderSetFields {
            fields: "Id,CurrencyIso".to_owned(),
        })
        .await;
    run.arrived(
        "an unknown field name",
        vec![call(
            "Order_SetFields",
            vec![arg("Fields", text("Id,CurrencyIso"))],
        )],
    );
    run.that(
        "NOSUCHPARAM is Error::NoSuchParam",
        matches!(&refused, Err(Error::NoSuchParam { message }) if message == "No such field on Order: CurrencyIso"),
        || format!("{refused:?}"),
    );

    let page_zero = run.client.raw().order_get_all_with_pagination(0, 10).await;
    run.arrived(
        "page 0",
        vec![call(
            "Order_GetAllWithPagination",
            vec![arg("Page", int(0)), arg("PageSize", int(10))],
        )],
    );
    run.that(
        "PARAM is Error::Param",
        matches!(&page_zero, Err(Error::Param { message }) if message == "Page must be greater than 0"),
        || format!("{page_zero:?}"),
    );

    let language = run.client.raw().solution_set_language(s("XX")).await;
    run.arrived(
        "an unknown language",
        vec![call(
            "Solution_SetLanguage",
            vec![arg("LanguageISO", text("XX"))],
        )],
    );
    run.that(
        "NOSUCHISO is kept as Error::Other",
        matches!(&language, Err(Error::Other { code, message }) if code == "NOSUCHISO" && message == "No such language: XX"),
        || format!("{language:?}"),
    );

    let module = run.client.raw().solution_has_module("seo".to_owned()).await;
    run.arrived(
        "a module",
        vec![call("Solution_HasModule", vec![arg("module", text("seo"))])],
    );
    run.eq("module seo", &ok(module), &Ok(true));
    let module = run
        .client
        .raw()
        .solution_has_module("webhooks".to_owned())
        .await;
    run.arrived(
        "an unknown module",
        vec![call(
            "Solution_HasModule",
            vec![arg("module", text("webhooks"))],
        )],
    );
    run.that(
        "MODULE is kept as Error::Other",
        matches!(&module, Err(Error::Other { code, .. }) if code == "MODULE"),
        || format!("{module:?}"),
    );

    let product = run
        .client
        .raw()
        .product_create_or_update(ProductCreateUpdate {
            item_number: s("SKU-800"),
            title: s("Kaffekværn"),
            ..Default::default()
        })
        .await;
    run.arrived(
        "a new product without a category",
        vec![call(
            "Product_CreateOrUpdate",
            vec![arg(
                "ProductData",
                object(vec![
                    arg("ItemNumber", text("SKU-800")),
                    arg("Title", text("Kaffekværn")),
                ]),
            )],
        )],
    );
    run.that(
        "PRODUCT is kept as Error::Other",
        matches!(&product, Err(Error::Other { code, message }) if code == "PRODUCT" && message == "A CategoryId must be set when creating a product"),
        || format!("{product:?}"),
    );

    let customer = OrderCustomerCreate {
        firstname: s("Mette"),
        lastname: s("Lund"),
        address: s("Vestergade 1"),
        zip: s("8000"),
        city: s("Aarhus C"),
        country_code: s("1"),
        email: s("mette@cafe.example"),
        ..Default::default()
    };
    let line = |product_id| OrderLineCreate {
        product_id: Some(product_id),
        amount: Some(1),
        ..Default::default()
    };
    let order = run
        .client
        .raw()
        .order_create(OrderCreate {
            currency_id: Some(1),
            payment_id: Some(1),
            delivery_id: Some(1),
            order_lines: vec![line(501), line(503)],
            order_customer: Some(Box::new(customer)),
            ..Default::default()
        })
        .await;
    let line_arg = |product_id| {
        object(vec![
            arg("ProductId", int(product_id)),
            arg("Amount", int(1)),
        ])
    };
    run.arrived(
        "an order with an offline product",
        vec![call(
            "Order_Create",
            vec![arg(
                "OrderData",
                object(vec![
                    arg("CurrencyId", int(1)),
                    arg("PaymentId", int(1)),
                    arg("DeliveryId", int(1)),
                    arg(
                        "OrderLines",
                        object(vec![arg(
                            "item",
                            super::log::Php::Array(vec![line_arg(501), line_arg(503)]),
                        )]),
                    ),
                    arg(
                        "OrderCustomer",
                        object(vec![
                            arg("Firstname", text("Mette")),
                            arg("Lastname", text("Lund")),
                            arg("Address", text("Vestergade 1")),
                            arg("Zip", text("8000")),
                            arg("City", text("Aarhus C")),
                            arg("CountryCode", text("1")),
                            arg("Email", text("mette@cafe.example")),
                        ]),
                    ),
                ]),
            )],
        )],
    );
    run.that(
        "lineErrors is Error::LineErrors with the created order's id",
        matches!(&order, Err(Error::LineErrors { created_order_id: Some(1045), message })
            if message == "Order: 1045 created. Following products were not included: Product: 503"),
        || format!("{order:?}"),
    );

    let incomplete = run
        .client
        .raw()
        .order_create(OrderCreate {
            currency_id: Some(1),
            ..Default::default()
        })
        .await;
    run.arrived(
        "an order without its parts",
        vec![call(
            "Order_Create",
            vec![arg("OrderData", object(vec![arg("CurrencyId", int(1))]))],
        )],
    );
    run.that(
        "Internal is Error::Internal",
        matches!(&incomplete, Err(Error::Internal { .. })),
        || format!("{incomplete:?}"),
    );

    let absent = run
        .client
        .call(&CategorySetFields(&[("Fields", "Id,Title")]))
        .await;
    run.arrived(
        "an operation the WSDL lacks (never reaches the handler)",
        vec![],
    );
    run.that(
        "ext/soap's \"Procedure not present\" is Error::ProcedureNotPresent",
        matches!(&absent, Err(Error::ProcedureNotPresent { .. })),
        || format!("{absent:?}"),
    );

    let misnamed = run
        .client
        .call(&OrdersByStartLength(&[("Start", "0"), ("Length", "10")]))
        .await;
    run.arrived(
        "misnamed arguments (dropped by ext/soap)",
        vec![call("Order_GetAllWithPagination", vec![])],
    );
    let engine = engine_code(version);
    run.that(
        "PHP's arity error is Error::Other with ext/soap's engine code",
        matches!(&misnamed, Err(Error::Other { code, message }) if code == engine
            && message.starts_with("Too few arguments to function WebService::Order_GetAllWithPagination(), 0 passed")
            && message.ends_with("and exactly 2 expected")),
        || format!("{misnamed:?}"),
    );

    let undecodable = run.client.call(&OrderByTextId(&[("OrderId", "abc")])).await;
    run.arrived(
        "text in an int argument (never reaches the handler)",
        vec![],
    );
    run.that(
        "ext/soap's encoding error is Error::Other with its engine code",
        matches!(&undecodable, Err(Error::Other { code, message }) if code == engine
            && message == "SOAP-ERROR: Encoding: Violation of encoding rules"),
        || format!("{undecodable:?}"),
    );

    let relogin = || {
        let mut calls = login_calls();
        for (op, fields) in [
            ("Order_SetFields", fields::ORDER),
            ("Order_SetOrderLineFields", fields::ORDER_LINE),
            ("Product_SetFields", fields::PRODUCT),
            ("Product_SetVariantFields", fields::PRODUCT_VARIANT),
            ("User_SetFields", fields::USER),
        ] {
            calls.push(call(op, vec![arg("Fields", text(fields))]));
        }
        calls
    };

    let expired = run.stage.expire_sessions();
    run.that("a session to expire", expired > 0, || {
        "no PHP session files".to_owned()
    });
    let vat_groups = run.client.shop().vat_groups().await;
    let mut want = vec![call("VatGroup_GetAll", vec![])];
    want.extend(relogin());
    want.push(call("VatGroup_GetAll", vec![]));
    run.arrived("a read after the session expired", want);
    run.that(
        "the read is replayed after a new login",
        vat_groups.as_ref().is_ok_and(|g| g.len() == 2),
        || format!("{vat_groups:?}"),
    );

    run.stage.expire_sessions();
    let write = run
        .client
        .orders()
        .update_tracking_code(1042, "GLS-00099999")
        .await;
    run.arrived(
        "a write after the session expired",
        vec![call(
            "Order_UpdateTrackingCode",
            vec![
                arg("OrderId", int(1042)),
                arg("TrackingCode", text("GLS-00099999")),
            ],
        )],
    );
    run.that(
        "AUTH on a write after a login is Error::SessionLost, not replayed",
        matches!(&write, Err(Error::SessionLost { operation, message })
            if operation == "Order_UpdateTrackingCode"
                && message == "A valid authentication has not been performed with the service"),
        || format!("{write:?}"),
    );
    let after = run.client.shop().webinfo().await;
    let mut want = relogin();
    want.push(call("Solution_GetWebinfo", vec![]));
    run.arrived("the next call logs in again", want);
    run.that("the next call works", after.is_ok(), || {
        format!("{after:?}")
    });

    let intruder = builder(run.stage, version)
        .password("not-the-password")
        .build()
        .expect("client with a wrong password");
    let refused = intruder.shop().webinfo().await;
    run.arrived(
        "a wrong password",
        vec![call(
            "Solution_Connect",
            vec![
                arg("Username", text(USERNAME)),
                arg("Password", password("not-the-password")),
            ],
        )],
    );
    run.that(
        "a refused login is Error::Auth and does not echo the password",
        matches!(&refused, Err(Error::Auth { message }) if !message.contains("not-the-password")),
        || format!("{refused:?}"),
    );
}
