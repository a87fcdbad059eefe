//! The field sets (`*_SetFields` projections) the curated calls apply before reading.
//!
//! Every name is an element of the WSDL type (checked by a test against the WSDL): an unknown
//! name makes the server reject the whole list with `NOSUCHPARAM` and keep the previous
//! projection. Complex fields inline the nested objects and arrays (API sheet §2.6), so one
//! paged read returns whole records.

/// `Order` fields: every scalar plus the inlined customer, delivery, payment, transactions,
/// discount codes, currency, packing and lines (`User` is left out: read it by `UserId`).
pub const ORDER: &str = "Id,InvoiceNumber,CurrencyId,Currency,CustomerId,Customer,UserId,Site,\
LanguageISO,Status,PaymentId,Payment,Transactions,Vat,Total,OrderComment,OrderCommentExternal,\
CustomerComment,DeliveryComment,DeliveryTime,TrackingCode,DateDelivered,DateDue,DateSent,\
DateUpdated,OrderLines,PackingId,Packing,DeliveryId,Delivery,DiscountCodes,ReferenceNumber,\
Origin,ReferralCode";

/// `OrderLine` fields: all 32 (note `ProductTitle` and `VatRate`, not `Title`/`Vat`).
pub const ORDER_LINE: &str = "Id,OrderId,ProductId,VariantId,FileDownloadId,Amount,PacketLines,\
PacketTitle,PacketId,ProductTitle,VariantTitle,AdditionalTitle,ItemNumber,ItemNumberSupplier,\
Discount,DiscountRounded,Price,PriceRounded,ServiceType,BuyPrice,StockStatus,Status,TrackingCode,\
Weight,LineAddresses,OfflineProduct,VatRate,StockLocationId,DeliveryId,Unit,ExtendedDataInternal,\
ExtendedDataExternal";

/// `Product` fields for catalogue and stock sync: scalars, variants (with their own field
/// set), stock locations, price lines (`Discounts`), variant types and secondary categories.
/// Left out: pictures, reviews (`Tags`), custom data, access lists and the nested category,
/// producer, delivery and VAT group objects (ids are included).
pub const PRODUCT: &str = "Id,CategoryId,SecondaryCategoryIds,ProducerId,Online,Status,\
DisableOnEmpty,CallForPrice,Stock,ItemNumber,ItemNumberSupplier,RelationCode,Weight,BuyingPrice,\
Price,Discount,DiscountType,DeliveryId,DeliveryTimeId,DiscountGroupId,Ean,FocusFrontpage,\
FocusCart,DateCreated,DateUpdated,RelatedProductIds,LanguageISO,Title,SeoTitle,SeoDescription,\
SeoKeywords,SeoLink,SeoCanonical,Description,DescriptionShort,DescriptionLong,Variants,UnitId,\
Discounts,MinAmount,VariantTypes,Sorting,GuidelinePrice,VatGroupId,AutoStock,OutOfStockBuy,\
StockLow,StockLocations,TypeLabel";

/// `ProductVariant` fields: all but the nested `DeliveryTime`/`Unit` objects and the
/// deprecated `PictureId`; includes `StockLocations`.
pub const PRODUCT_VARIANT: &str = "Id,ProductId,Stock,StockLow,Price,BuyingPrice,ItemNumber,\
ItemNumberSupplier,Weight,DeliveryTimeId,Description,DescriptionLong,Status,DisableOnEmpty,\
Discount,DiscountType,Ean,PictureIds,Sorting,VariantTypeValues,MinAmount,Title,StockLocations";

/// `User` fields: all but `Password`.
pub const USER: &str = "Id,Username,UserGroupId,Type,Company,CustomData,Cvr,Ean,Firstname,\
Lastname,Sex,Address,Address2,Zip,City,Country,CountryCode,Currency,Phone,Mobile,Fax,Email,Url,\
DiscountGroupId,Newsletter,Referer,BirthDate,DateCreated,DateUpdated,Approved,LanguageISO,\
LanguageAccess,Description,InterestFields,Number,Site,ShippingType,ShippingFirstname,\
ShippingLastname,ShippingCompany,ShippingCvr,ShippingEan,ShippingAddress,ShippingAddress2,\
ShippingZip,ShippingCity,ShippingCountry,ShippingCountryCode,ShippingState,ShippingPhone,\
ShippingMobile,ShippingEmail,ShippingReferenceNumber,Consent,ConsentDate";
