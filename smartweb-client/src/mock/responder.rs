//! The one catch-all wiremock responder: reads the SOAP request, applies injected failures,
//! binds the arguments like PHP, checks the session and dispatches on the operation name.

use std::sync::{Arc, Mutex, MutexGuard};

use wiremock::ResponseTemplate;

use super::faults::{ANY_OPERATION, Fault};
use super::projection::{Kind, Projections};
use super::state::State;
use super::wire::{self, ServiceFault};
use super::{RecordedRequest, catalog, ext_soap, orders, products, solution, users};
use crate::ops;
use crate::soap::{self, NilForm, Operation, Request, SoapVersion};
use crate::xml::{self, XmlWriter};

/// The session cookie's name (PHP's default; the sheet could not confirm the real one).
pub(crate) const COOKIE_NAME: &str = "PHPSESSID";

/// Locks the state, recovering from a panic in another holder (the data stays usable).
pub(crate) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    match state.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// The wiremock responder sharing the fake's state.
pub(crate) struct Responder {
    pub(crate) state: Arc<Mutex<State>>,
}

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let mut state = lock(&self.state);
        handle(&mut state, request)
    }
}

/// A successful answer.
pub(crate) struct Reply {
    pub(crate) body: String,
    pub(crate) set_cookie: Option<String>,
}

impl Reply {
    fn plain(body: String) -> Self {
        Self {
            body,
            set_cookie: None,
        }
    }
}

fn header_version(request: &wiremock::Request) -> SoapVersion {
    let soap12 = request
        .headers
        .get(http_content_type())
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("application/soap+xml"));
    if soap12 {
        SoapVersion::V12
    } else {
        SoapVersion::V11
    }
}

fn http_content_type() -> &'static str {
    "content-type"
}

fn session_cookie(request: &wiremock::Request) -> Option<String> {
    request
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim().to_owned())
}

fn take_injected(state: &mut State, op: &str) -> Option<Fault> {
    for key in [op, ANY_OPERATION] {
        if let Some(queue) = state.injected.get_mut(key)
            && let Some(fault) = queue.pop_front()
        {
            return Some(fault);
        }
    }
    None
}

fn take_drop(state: &mut State, op: &str) -> bool {
    for key in [op, ANY_OPERATION] {
        if let Some(n) = state.dropped.get_mut(key)
            && *n > 0
        {
            *n -= 1;
            return true;
        }
    }
    false
}

fn fault_response(fault: &ServiceFault, version: SoapVersion) -> ResponseTemplate {
    ResponseTemplate::new(500).set_body_raw(
        wire::fault_body(fault, version),
        wire::content_type(version),
    )
}

fn injected_response(fault: Fault, version: SoapVersion, state: &State) -> ResponseTemplate {
    match fault {
        Fault::ServerError(status) => ResponseTemplate::new(status)
            .set_body_raw("Service temporarily unavailable (injected)", "text/plain"),
        Fault::Timeout => ResponseTemplate::new(500)
            .set_body_raw(
                wire::fault_body(&ServiceFault::receiver("injected timeout"), version),
                wire::content_type(version),
            )
            .set_delay(state.timeout_delay),
        Fault::MalformedBody => ResponseTemplate::new(200).set_body_raw(
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"{}\"><env:Body><ns1:Resp",
                soap::SOAP12_ENVELOPE
            ),
            wire::content_type(version),
        ),
        Fault::SoapFault { code, message } => {
            fault_response(&ServiceFault::app(&code, message), version)
        }
    }
}

fn handle(state: &mut State, http: &wiremock::Request) -> ResponseTemplate {
    let cookie = session_cookie(http);
    let parsed = soap::parse_request(&http.body);
    let (operation, version) = match &parsed {
        Ok(r) => (r.operation.clone(), r.version),
        Err(_) => (String::new(), header_version(http)),
    };
    state.requests.push(RecordedRequest {
        operation: operation.clone(),
        version,
        session: cookie.clone(),
    });
    if let Some(fault) = take_injected(state, &operation) {
        return injected_response(fault, version, state);
    }
    let Ok(request) = parsed else {
        return fault_response(&ServiceFault::sender("Bad Request"), version);
    };
    let drop_answer = take_drop(state, &operation);
    let outcome = dispatch(state, &request, cookie.as_deref());
    if drop_answer {
        // The work is done; the client never hears about it (a lost response).
        return ResponseTemplate::new(502);
    }
    match outcome {
        Ok(reply) => {
            let mut template =
                ResponseTemplate::new(200).set_body_raw(reply.body, wire::content_type(version));
            if let Some(cookie) = reply.set_cookie {
                template =
                    template.insert_header("set-cookie", format!("{COOKIE_NAME}={cookie}; path=/"));
            }
            template
        }
        Err(fault) => fault_response(&fault, version),
    }
}

/// What a handler sees: the state and its (already checked) session.
pub(crate) struct Ctx<'a> {
    pub(crate) state: &'a mut State,
    pub(crate) cookie: String,
}

impl Ctx<'_> {
    /// The caller's session.
    pub(crate) fn session(&mut self) -> Result<&mut super::state::Session, ServiceFault> {
        self.state
            .sessions
            .get_mut(&self.cookie)
            .ok_or_else(ServiceFault::auth)
    }
}

/// How the Result is cut down by the session's projections.
#[derive(Clone, Copy)]
enum Shape {
    /// Returned whole.
    Plain,
    /// An `ArrayOf…` of records of this kind.
    List(Kind),
    /// One record of this kind.
    Single(Kind),
}

/// Arguments that PHP gives a default, so leaving them out is no arity error. Only the one
/// the sheet records: `Status` of plain `Order_GetByDate` (PROBE R16).
fn optional_args(op: &str) -> &'static [&'static str] {
    match op {
        "Order_GetByDate" => &["Status"],
        _ => &[],
    }
}

/// The argument names of `O` in WSDL order (from the generated writer).
fn arg_names<O: Operation + Default>() -> Vec<String> {
    let mut w = XmlWriter::new();
    w.open("args");
    O::default().write_args(&mut w, NilForm::Empty);
    w.close("args");
    xml::parse(w.as_str().as_bytes())
        .map(|root| root.children.into_iter().map(|c| c.name).collect())
        .unwrap_or_default()
}

/// PHP binds the wrapper's children to the method's parameters by position: unknown names
/// are dropped, and a missing parameter is an `ArgumentCountError` (fault `Receiver`).
pub(crate) fn check_arity<O: Operation + Default>(request: &Request) -> Result<(), ServiceFault> {
    let names = arg_names::<O>();
    let optional = optional_args(O::NAME);
    let present = names
        .iter()
        .filter(|n| request.wrapper.child(n).is_some())
        .count();
    let missing_required = names
        .iter()
        .any(|n| request.wrapper.child(n).is_none() && !optional.contains(&n.as_str()));
    if missing_required {
        return Err(ServiceFault::receiver(format!(
            "Too few arguments to function WebService::{}(), {present} passed in /code/smartweb/latest/api/service.php on line 108 and exactly {} expected",
            O::NAME,
            names.len()
        )));
    }
    Ok(())
}

type Handler<O> = fn(&mut Ctx<'_>, O) -> Result<<O as Operation>::Output, ServiceFault>;

fn run<O: Operation + Default>(
    state: &mut State,
    request: &Request,
    cookie: Option<&str>,
    shape: Shape,
    handler: Handler<O>,
) -> Result<Reply, ServiceFault> {
    check_arity::<O>(request)?;
    let args = request
        .args::<O>()
        .map_err(|_| ServiceFault::receiver("SOAP-ERROR: Encoding: Violation of encoding rules"))?;
    let cookie = cookie
        .filter(|c| state.sessions.contains_key(*c))
        .ok_or_else(ServiceFault::auth)?
        .to_owned();
    let mut ctx = Ctx { state, cookie };
    let output = handler(&mut ctx, args)?;
    let body = soap::build_response::<O>(&output, request.version);
    let internal = |_| ServiceFault::app("INTERNAL", "MockSmartWeb could not re-read its answer");
    let mut root = xml::parse(body.as_bytes()).map_err(internal)?;
    let result = root
        .children
        .iter_mut()
        .find(|c| c.name == "Body")
        .and_then(|b| b.children.first_mut())
        .and_then(|r| r.children.first_mut());
    if let Some(result) = result {
        if let Shape::List(kind) | Shape::Single(kind) = shape {
            project(&mut ctx, result, shape, kind)?;
        }
        ext_soap::complete_result(O::NAME, result);
    }
    Ok(Reply::plain(wire::write_document(&root)))
}

/// Cuts the records of a Result down to the session's projections (and garbles them when
/// asked to).
fn project(
    ctx: &mut Ctx<'_>,
    result: &mut xml::Element,
    shape: Shape,
    kind: Kind,
) -> Result<(), ServiceFault> {
    let session = ctx.session()?.clone();
    let (order, line, product, variant, user) = (
        session.fields(Kind::Order),
        session.fields(Kind::OrderLine),
        session.fields(Kind::Product),
        session.fields(Kind::ProductVariant),
        session.fields(Kind::User),
    );
    let projections = Projections {
        order: &order,
        line: &line,
        product: &product,
        variant: &variant,
        user: &user,
    };
    match shape {
        Shape::List(_) => {
            for item in result.children.iter_mut().filter(|c| c.name == "item") {
                projections.apply(kind, item);
                garble(ctx.state, kind, item);
            }
        }
        Shape::Single(_) => {
            if !result.children.is_empty() {
                projections.apply(kind, result);
                garble(ctx.state, kind, result);
            }
        }
        Shape::Plain => {}
    }
    Ok(())
}

/// Applies [`MockSmartWeb::garble_order_field`](super::MockSmartWeb::garble_order_field) and
/// its product twin to one record of an answer.
fn garble(state: &State, kind: Kind, record: &mut xml::Element) {
    if state.garbled_fields.is_empty() {
        return;
    }
    let Some(id) = record
        .child("Id")
        .and_then(|id| id.text.trim().parse::<i64>().ok())
    else {
        return;
    };
    for ((garbled_kind, garbled_id, field), text) in &state.garbled_fields {
        if *garbled_kind != kind || *garbled_id != id {
            continue;
        }
        match record.children.iter_mut().find(|c| c.name == *field) {
            Some(child) => {
                child.children.clear();
                child.text.clone_from(text);
            }
            None => record.children.push(xml::Element {
                qname: field.clone(),
                name: field.clone(),
                text: text.clone(),
                ..xml::Element::default()
            }),
        }
    }
}

/// Routes one request; every operation not listed is answered as ext/soap answers an
/// operation its service lacks (`ProcedureNotPresent`).
fn dispatch(state: &mut State, req: &Request, cookie: Option<&str>) -> Result<Reply, ServiceFault> {
    use Shape::{List, Plain, Single};
    let c = cookie;
    match req.operation.as_str() {
        "Solution_Connect" => solution::connect(state, req),
        "Solution_GetWebinfo" => {
            run::<ops::SolutionGetWebinfo>(state, req, c, Plain, solution::webinfo)
        }
        "Solution_SetEncoding" => {
            run::<ops::SolutionSetEncoding>(state, req, c, Plain, solution::set_encoding)
        }
        "Solution_GetLanguages" => {
            run::<ops::SolutionGetLanguages>(state, req, c, Plain, solution::languages)
        }
        "Solution_SetLanguage" => {
            run::<ops::SolutionSetLanguage>(state, req, c, Plain, solution::set_language)
        }
        "Solution_SetCaseSensitiveItemNumber" => run::<ops::SolutionSetCaseSensitiveItemNumber>(
            state,
            req,
            c,
            Plain,
            solution::set_case_sensitive,
        ),
        "Solution_HasModule" => {
            run::<ops::SolutionHasModule>(state, req, c, Plain, solution::has_module)
        }
        "Order_SetFields" => run::<ops::OrderSetFields>(state, req, c, Plain, |x, a| {
            solution::set_fields(x, Kind::Order, &a.fields)
        }),
        "Order_SetOrderLineFields" => {
            run::<ops::OrderSetOrderLineFields>(state, req, c, Plain, |x, a| {
                solution::set_fields(x, Kind::OrderLine, &a.fields)
            })
        }
        "Product_SetFields" => run::<ops::ProductSetFields>(state, req, c, Plain, |x, a| {
            solution::set_fields(x, Kind::Product, &a.fields)
        }),
        "Product_SetVariantFields" => {
            run::<ops::ProductSetVariantFields>(state, req, c, Plain, |x, a| {
                solution::set_fields(x, Kind::ProductVariant, &a.fields)
            })
        }
        "User_SetFields" => run::<ops::UserSetFields>(state, req, c, Plain, |x, a| {
            solution::set_fields(x, Kind::User, &a.fields)
        }),

        "Order_GetById" => {
            run::<ops::OrderGetById>(state, req, c, Single(Kind::Order), orders::get_by_id)
        }
        "Order_GetByNumber" => {
            run::<ops::OrderGetByNumber>(state, req, c, List(Kind::Order), orders::get_by_number)
        }
        "Order_GetAll" => {
            run::<ops::OrderGetAll>(state, req, c, List(Kind::Order), orders::get_all)
        }
        "Order_GetAllWithPagination" => run::<ops::OrderGetAllWithPagination>(
            state,
            req,
            c,
            List(Kind::Order),
            orders::get_all_paged,
        ),
        "Order_GetByDate" => {
            run::<ops::OrderGetByDate>(state, req, c, List(Kind::Order), orders::get_by_date)
        }
        "Order_GetByDateWithPagination" => run::<ops::OrderGetByDateWithPagination>(
            state,
            req,
            c,
            List(Kind::Order),
            orders::get_by_date_paged,
        ),
        "Order_GetByDateUpdated" => run::<ops::OrderGetByDateUpdated>(
            state,
            req,
            c,
            List(Kind::Order),
            orders::get_by_updated,
        ),
        "Order_GetByDateUpdatedWithPagination" => run::<ops::OrderGetByDateUpdatedWithPagination>(
            state,
            req,
            c,
            List(Kind::Order),
            orders::get_by_updated_paged,
        ),
        "Order_GetByStatus" => {
            run::<ops::OrderGetByStatus>(state, req, c, List(Kind::Order), orders::get_by_status)
        }
        "Order_GetByStatusWithPagination" => run::<ops::OrderGetByStatusWithPagination>(
            state,
            req,
            c,
            List(Kind::Order),
            orders::get_by_status_paged,
        ),
        "Order_GetLines" => {
            run::<ops::OrderGetLines>(state, req, c, List(Kind::OrderLine), orders::get_lines)
        }
        "OrderStatusCode_GetAll" => {
            run::<ops::OrderStatusCodeGetAll>(state, req, c, Plain, catalog::status_codes)
        }
        "Order_UpdateStatus" => {
            run::<ops::OrderUpdateStatus>(state, req, c, Plain, orders::update_status)
        }
        "Order_UpdateTrackingCode" => {
            run::<ops::OrderUpdateTrackingCode>(state, req, c, Plain, orders::update_tracking_code)
        }
        "Order_UpdateComment" => {
            run::<ops::OrderUpdateComment>(state, req, c, Plain, orders::update_comment)
        }
        "Order_Create" => run::<ops::OrderCreate>(state, req, c, Plain, orders::create),

        "Product_GetAll" => {
            run::<ops::ProductGetAll>(state, req, c, List(Kind::Product), products::get_all)
        }
        "Product_GetAllWithLimit" => run::<ops::ProductGetAllWithLimit>(
            state,
            req,
            c,
            List(Kind::Product),
            products::get_all_with_limit,
        ),
        "Product_GetById" => {
            run::<ops::ProductGetById>(state, req, c, Single(Kind::Product), products::get_by_id)
        }
        "Product_GetByIds" => {
            run::<ops::ProductGetByIds>(state, req, c, List(Kind::Product), products::get_by_ids)
        }
        "Product_GetByItemNumber" => run::<ops::ProductGetByItemNumber>(
            state,
            req,
            c,
            List(Kind::Product),
            products::get_by_item_number,
        ),
        "Product_GetByUpdatedDate" => run::<ops::ProductGetByUpdatedDate>(
            state,
            req,
            c,
            List(Kind::Product),
            products::get_by_updated_date,
        ),
        "Product_Create" => run::<ops::ProductCreate>(state, req, c, Plain, products::create),
        "Product_Update" => run::<ops::ProductUpdate>(state, req, c, Plain, products::update),
        "Product_CreateOrUpdate" => {
            run::<ops::ProductCreateOrUpdate>(state, req, c, Plain, products::create_or_update)
        }
        "Product_CreateOrUpdateBulk" => run::<ops::ProductCreateOrUpdateBulk>(
            state,
            req,
            c,
            Plain,
            products::create_or_update_bulk,
        ),
        "Product_GetVariants" => run::<ops::ProductGetVariants>(
            state,
            req,
            c,
            List(Kind::ProductVariant),
            products::get_variants,
        ),
        "Product_GetVariantsByItemNumber" => run::<ops::ProductGetVariantsByItemNumber>(
            state,
            req,
            c,
            List(Kind::ProductVariant),
            products::get_variants_by_item_number,
        ),
        "Product_CreateVariant" => {
            run::<ops::ProductCreateVariant>(state, req, c, Plain, products::create_variant)
        }
        "Product_UpdateVariant" => {
            run::<ops::ProductUpdateVariant>(state, req, c, Plain, products::update_variant)
        }
        "Product_CreateOrUpdateVariant" => run::<ops::ProductCreateOrUpdateVariant>(
            state,
            req,
            c,
            Plain,
            products::create_or_update_variant,
        ),
        "Product_UpdateStockForStockLocation" => run::<ops::ProductUpdateStockForStockLocation>(
            state,
            req,
            c,
            Plain,
            products::update_location_stock,
        ),
        "Product_UpdateVariantStockForStockLocation" => {
            run::<ops::ProductUpdateVariantStockForStockLocation>(
                state,
                req,
                c,
                Plain,
                products::update_variant_location_stock,
            )
        }

        "Product_GetDeliveryCountryAll" => run::<ops::ProductGetDeliveryCountryAll>(
            state,
            req,
            c,
            Plain,
            catalog::delivery_countries,
        ),
        "VatGroup_GetAll" => run::<ops::VatGroupGetAll>(state, req, c, Plain, catalog::vat_groups),
        "Category_GetAll" => run::<ops::CategoryGetAll>(state, req, c, Plain, catalog::categories),
        "Category_GetById" => run::<ops::CategoryGetById>(state, req, c, Plain, catalog::category),
        "Currency_GetAll" => run::<ops::CurrencyGetAll>(state, req, c, Plain, catalog::currencies),
        "Delivery_GetAll" => run::<ops::DeliveryGetAll>(state, req, c, Plain, catalog::deliveries),
        "Payment_GetAll" => run::<ops::PaymentGetAll>(state, req, c, Plain, catalog::payments),

        "User_GetAll" => run::<ops::UserGetAll>(state, req, c, List(Kind::User), users::get_all),
        "User_GetById" => {
            run::<ops::UserGetById>(state, req, c, Single(Kind::User), users::get_by_id)
        }
        "User_GetByGroup" => {
            run::<ops::UserGetByGroup>(state, req, c, List(Kind::User), users::get_by_group)
        }
        "User_Create" => run::<ops::UserCreate>(state, req, c, Plain, users::create),
        "User_Update" => run::<ops::UserUpdate>(state, req, c, Plain, users::update),
        "User_GetGroupAll" => {
            run::<ops::UserGetGroupAll>(state, req, c, Plain, catalog::user_groups)
        }

        other => Err(ServiceFault::procedure_not_present(other)),
    }
}

/// Every operation the fake implements.
pub const IMPLEMENTED_OPERATIONS: &[&str] = &[
    "Solution_Connect",
    "Solution_GetWebinfo",
    "Solution_SetEncoding",
    "Solution_GetLanguages",
    "Solution_SetLanguage",
    "Solution_SetCaseSensitiveItemNumber",
    "Solution_HasModule",
    "Order_SetFields",
    "Order_SetOrderLineFields",
    "Product_SetFields",
    "Product_SetVariantFields",
    "User_SetFields",
    "Order_GetById",
    "Order_GetByNumber",
    "Order_GetAll",
    "Order_GetAllWithPagination",
    "Order_GetByDate",
    "Order_GetByDateWithPagination",
    "Order_GetByDateUpdated",
    "Order_GetByDateUpdatedWithPagination",
    "Order_GetByStatus",
    "Order_GetByStatusWithPagination",
    "Order_GetLines",
    "OrderStatusCode_GetAll",
    "Order_UpdateStatus",
    "Order_UpdateTrackingCode",
    "Order_UpdateComment",
    "Order_Create",
    "Product_GetAll",
    "Product_GetAllWithLimit",
    "Product_GetById",
    "Product_GetByIds",
    "Product_GetByItemNumber",
    "Product_GetByUpdatedDate",
    "Product_Create",
    "Product_Update",
    "Product_CreateOrUpdate",
    "Product_CreateOrUpdateBulk",
    "Product_GetVariants",
    "Product_GetVariantsByItemNumber",
    "Product_CreateVariant",
    "Product_UpdateVariant",
    "Product_CreateOrUpdateVariant",
    "Product_UpdateStockForStockLocation",
    "Product_UpdateVariantStockForStockLocation",
    "Product_GetDeliveryCountryAll",
    "VatGroup_GetAll",
    "Category_GetAll",
    "Category_GetById",
    "Currency_GetAll",
    "Delivery_GetAll",
    "Payment_GetAll",
    "User_GetAll",
    "User_GetById",
    "User_GetByGroup",
    "User_Create",
    "User_Update",
    "User_GetGroupAll",
];
