//! The catalog: products (public reads, operator writes) and coupons (operator).

use crate::openapi::op::require;
use crate::openapi::{Op, Param};
use cloudstore::catalog::coupons::CouponRequest;
use cloudstore::catalog::media::{Upload, UploadRequest};
use cloudstore::catalog::{CouponView, Product, ProductRequest};
use cloudstore::ids::ProductId;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

fn product_id() -> Param {
    Param::path::<ProductId>("id", "A product.")
}

/// `POST /coupons` reads a `CouponRequest` that must name the code and the duration.
fn new_coupon(coupon: &mut Object) {
    require(coupon, &["code", "duration"]);
    coupon.description = Some("A new coupon: `code`, `duration` and one of `percent_off` / `amount_off`.".into());
}

/// `PATCH /coupons/{code}` reads a `CouponRequest` without the code, which never changes.
fn coupon_change(coupon: &mut Object) {
    coupon.properties.shift_remove("code");
    coupon.description = Some("Any fields of a coupon but `code`; those left out keep their value.".into());
}

pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/products")
            .id("listProducts")
            .tag("catalog")
            .summary("The active products of the catalog")
            .public()
            .paged()
            .ok_list::<Product>("A page of products, by name. Cacheable for 60 s.")
            .problems([400]),
        Op::post("/products")
            .id("createProduct")
            .tag("catalog")
            .summary("Add a product (operator)")
            .body::<ProductRequest>()
            .created::<Product>("Created, active.")
            .problems([400, 403, 409]),
        Op::get("/products/{id}")
            .id("getProduct")
            .tag("catalog")
            .summary("A product sheet")
            .public()
            .param(product_id())
            .ok::<Product>("The product (archived ones too, with `active` false). Cacheable for 60 s.")
            .problems([404]),
        Op::put("/products/{id}")
            .id("replaceProduct")
            .tag("catalog")
            .summary("Replace a product (operator)")
            .description("Keeps the product's `id` and `active`.")
            .param(product_id())
            .body::<ProductRequest>()
            .ok::<Product>("The product after the change.")
            .problems([400, 403, 404, 409]),
        Op::delete("/products/{id}")
            .id("archiveProduct")
            .tag("catalog")
            .summary("Archive a product (operator)")
            .description("The product leaves the catalog; existing subscriptions keep working.")
            .param(product_id())
            .no_content("Archived.")
            .problems([403, 404]),
        Op::get("/coupons")
            .id("listCoupons")
            .tag("coupons")
            .summary("Every coupon, by code (operator)")
            .paged()
            .ok_list::<CouponView>("A page of coupons.")
            .problems([400, 403]),
        Op::post("/coupons")
            .id("createCoupon")
            .tag("coupons")
            .summary("Create a coupon (operator)")
            .description("A code already taken is `validation_failed` on `code`.")
            .body_variant::<CouponRequest>("CouponCreate", new_coupon)
            .created::<CouponView>("Created.")
            .problems([400, 403, 409]),
        Op::patch("/coupons/{code}")
            .id("updateCoupon")
            .tag("coupons")
            .summary("Change a coupon (operator)")
            .description(
                "Every field is optional; `code` cannot change. Once redeemed, a coupon's discount terms \
                 cannot change (`validation_failed`).",
            )
            .param(Param::path_text(
                "code",
                "The coupon's code, compared case-insensitively.",
                ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)),
            ))
            .body_variant::<CouponRequest>("CouponUpdate", coupon_change)
            .ok::<CouponView>("The coupon after the change.")
            .problems([400, 403, 404, 409]),
        Op::post("/media")
            .id("uploadMedia")
            .tag("catalog")
            .summary("A presigned upload of a product's icon, screenshot or manual (operator)")
            .description(
                "Icons and screenshots are PNG, JPEG or WebP (icons up to 512 KB, screenshots up to 5 MB), \
                 manuals PDF (up to 20 MB); anything else is 400 `validation_failed` on `content_type` or \
                 `size`. The answer is the request to send the file with (its type and size are signed: the \
                 bucket refuses anything else) and the URL the file is served at afterwards, which never \
                 expires.",
            )
            .body::<UploadRequest>()
            .created::<Upload>("Where and how to upload, and where the file is then served.")
            .problems([400, 403]),
    ]
}
