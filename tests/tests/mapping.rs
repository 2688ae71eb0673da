//! Each case of the schema-to-Rust mapping, exercised on the generator's golden output
//! (see `tests/golden/`): the golden test pins the code, these pin what it does.

use serde_json::json;
use stripe_api_tests::json;

/// Decodes `value` with `decode`, encodes it back, and checks the JSON is unchanged.
fn assert_round_trip<T>(
    value: &serde_json::Value,
    decode: impl Fn(&str) -> Result<T, stripe_api::DecodeError>,
    encode: impl Fn(&T) -> String,
) -> T {
    let decoded = decode(&value.to_string()).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(&json(&encode(&decoded)), value);
    decoded
}

mod naming {
    use super::*;
    use stripe_api_tests::golden_naming::{CheckoutSession, CheckoutSessionLocale};

    #[test]
    fn schema_names_become_guessable_types_and_keywords_stay_usable() {
        let value = json!({
            "id": "cs_1", "object": "checkout.session", "type": "t", "ref": "r", "self": "s",
            "fooBar": 1, "foo_bar": 2, "locale": "en-GB"
        });
        let session = assert_round_trip(
            &value,
            CheckoutSession::from_json_str,
            CheckoutSession::to_json_string,
        );
        assert_eq!(session.r#type, "t");
        assert_eq!(session.r#ref.as_deref(), Some("r"));
        assert_eq!(session.self_.as_deref(), Some("s"));
        assert_eq!((session.foo_bar, session.foo_bar_2), (Some(1), Some(2)));
        assert_eq!(session.object, "checkout.session");
    }

    #[test]
    fn enum_values_that_collide_after_case_conversion_stay_apart() {
        let cases = [
            ("en-GB", CheckoutSessionLocale::EnGb),
            ("en_gb", CheckoutSessionLocale::EnGb2),
            ("unknown", CheckoutSessionLocale::Unknown),
            ("es-419", CheckoutSessionLocale::Es419),
            ("2fa", CheckoutSessionLocale::V2fa),
        ];
        for (wire, variant) in cases {
            assert_eq!(CheckoutSessionLocale::from(wire), variant);
            assert_eq!(variant.as_str(), wire);
            assert_eq!(variant.to_string(), wire);
        }
    }

    #[test]
    fn the_real_crate_names_the_session_checkout_session_at_its_root() {
        let session: fn(&str) -> Result<stripe_api::CheckoutSession, _> =
            stripe_api::CheckoutSession::from_json_str;
        let error = session("{}").unwrap_err();
        assert_eq!(error.target(), "CheckoutSession");
    }

    #[test]
    fn a_long_enum_repeated_with_the_same_values_is_one_type_with_two_names() {
        use std::any::TypeId;
        use stripe_api_tests::golden_naming::{
            CheckoutSessionAllowedCountries, CheckoutSessionBillingStatus,
            CheckoutSessionBlockedCountries, CheckoutSessionShippingStatus,
        };
        let value = json!({
            "id": "cs_1", "object": "checkout.session", "type": "t",
            "allowed_countries": ["DE", "FR"], "blocked_countries": ["PL", "XX"],
            "billing_status": "active", "shipping_status": "pending"
        });
        let session = assert_round_trip(
            &value,
            CheckoutSession::from_json_str,
            CheckoutSession::to_json_string,
        );
        // The alias names the same type: a value of one field fits the other.
        let blocked: Vec<CheckoutSessionAllowedCountries> = session
            .blocked_countries
            .clone()
            .expect("blocked countries decoded");
        assert_eq!(blocked[0], CheckoutSessionBlockedCountries::Pl);
        assert_eq!(blocked[1].as_str(), "XX");
        let mut allowed = session
            .allowed_countries
            .clone()
            .expect("allowed countries decoded");
        allowed.push(blocked[0].clone());
        assert_eq!(allowed[2], CheckoutSessionAllowedCountries::Pl);
        // Short lists coincide by chance and stay separate types.
        assert_ne!(
            TypeId::of::<CheckoutSessionBillingStatus>(),
            TypeId::of::<CheckoutSessionShippingStatus>()
        );
        assert_eq!(
            TypeId::of::<CheckoutSessionAllowedCountries>(),
            TypeId::of::<CheckoutSessionBlockedCountries>()
        );
    }
}

mod string_enums {
    use super::*;
    use stripe_api_tests::golden_naming::{CheckoutSession, CheckoutSessionLocale};

    #[test]
    fn an_unknown_value_decodes_and_survives_a_round_trip() {
        let value = json!({"id": "cs_1", "object": "checkout.session", "type": "t", "locale": "tlh-KLINGON"});
        let session = assert_round_trip(
            &value,
            CheckoutSession::from_json_str,
            CheckoutSession::to_json_string,
        );
        let locale = session.locale.expect("locale decoded");
        match &locale {
            CheckoutSessionLocale::Unrecognized(raw) => assert_eq!(raw.as_str(), "tlh-KLINGON"),
            other => panic!("expected the catch-all, got {other:?}"),
        }
        assert_eq!(locale.as_str(), "tlh-KLINGON");
        assert_eq!("tlh-KLINGON".parse::<CheckoutSessionLocale>(), Ok(locale));
    }

    #[test]
    fn a_value_that_is_not_a_string_is_an_error_naming_the_field() {
        let error = CheckoutSession::from_json_str(
            r#"{"id": "cs_1", "object": "checkout.session", "type": "t", "locale": 7}"#,
        )
        .unwrap_err();
        assert_eq!(error.path(), "locale");
        assert!(error.message().contains("expected string"), "{error}");
    }
}

mod unknown_fields {
    use stripe_api_tests::golden_naming::CheckoutSession;

    #[test]
    fn unknown_fields_are_kept_whatever_their_shape_and_written_back_in_place() {
        let text = r#"{"id": "cs_1", "object": "checkout.session", "type": "t",
            "added_later": {"nested": [1, {"deep": null}], "s": "x\"y"},
            "another": [true, false], "zzz": 1.5e10, "fooBar": 1}"#;
        let session = CheckoutSession::from_json_str(text).unwrap();
        assert_eq!(session.id, "cs_1");
        let kept: Vec<(&str, &str)> = session.unknown_fields.iter().collect();
        assert_eq!(
            kept,
            [
                ("added_later", r#"{"nested":[1,{"deep":null}],"s":"x\"y"}"#),
                ("another", "[true,false]"),
                ("zzz", "1.5e10"),
            ],
            "by name, sorted, as compact JSON"
        );
        // Among the known fields in sorted order, as Stripe sends them.
        assert_eq!(
            session.to_json_string(),
            r#"{"added_later":{"nested":[1,{"deep":null}],"s":"x\"y"},"another":[true,false],"fooBar":1,"id":"cs_1","object":"checkout.session","type":"t","zzz":1.5e10}"#
        );
        // Through serde too.
        #[cfg(feature = "serde")]
        {
            let through_serde: CheckoutSession = serde_json::from_str(text).unwrap();
            assert_eq!(through_serde, session);
            assert_eq!(
                serde_json::to_string(&through_serde).unwrap(),
                session.to_json_string()
            );
        }
    }
}

mod presence {
    use super::*;
    use stripe_api_tests::golden_presence::Widget;

    fn widget() -> serde_json::Value {
        json!({"id": "w_1", "always": 1, "always_or_null": null, "sent_as_null": null, "settings": {}})
    }

    #[test]
    fn nullable_fields_are_written_as_null_and_optional_ones_left_out() {
        let mut widget = Widget::from_json_str(&widget().to_string()).unwrap();
        widget.sent_as_null = Some("set".to_owned());
        widget.left_out = Some("set".to_owned());
        let encoded = json(&widget.to_json_string());
        assert_eq!(encoded["sent_as_null"], "set");
        assert_eq!(encoded["left_out"], "set");

        widget.sent_as_null = None;
        widget.left_out = None;
        let encoded = json(&widget.to_json_string());
        // `get`, not indexing, which reads a missing key as null too.
        assert_eq!(
            encoded.get("sent_as_null"),
            Some(&serde_json::Value::Null),
            "nullable: written as null"
        );
        assert_eq!(encoded.get("left_out"), None, "optional: left out");
        assert_eq!(
            encoded.get("always_or_null"),
            Some(&serde_json::Value::Null)
        );
    }

    #[test]
    fn every_spelling_of_an_unset_field_round_trips() {
        let mut value = widget();
        assert_round_trip(&value, Widget::from_json_str, Widget::to_json_string);
        // A nullable field Stripe left out stays out; an optional field sent as null stays null.
        value.as_object_mut().unwrap().remove("sent_as_null");
        value["left_out"] = serde_json::Value::Null;
        let widget = assert_round_trip(&value, Widget::from_json_str, Widget::to_json_string);
        assert_eq!((widget.sent_as_null, widget.left_out), (None, None));
    }

    #[test]
    fn required_fields_must_be_there_even_when_nullable() {
        let mut value = widget();
        value.as_object_mut().unwrap().remove("always_or_null");
        let error = Widget::from_json_str(&value.to_string()).unwrap_err();
        assert_eq!(error.message(), "missing field `always_or_null` in widget");
    }

    #[test]
    fn a_field_sent_twice_is_refused_where_its_second_key_ends() {
        // Whether the first value was null or not, and for required fields too.
        for (first, second) in [
            (r#""left_out": "a""#, r#""left_out": "b""#),
            (r#""left_out": null"#, r#""left_out": "b""#),
            (r#""always": 1"#, r#""always": 2"#),
        ] {
            let text = format!(
                r#"{{"id": "w_1", "always_or_null": null, {first}, "settings": {{}}, {second}}}"#
            );
            let error = Widget::from_json_str(&text).unwrap_err();
            let field = second.split('"').nth(1).unwrap();
            assert_eq!(
                error.message(),
                format!("duplicate field `{field}`"),
                "{text}"
            );
            // Columns count from 1: the column of the byte after the second key's colon.
            let value_at = text.rfind(second).unwrap() + r#""":"#.len() + field.len() + 1;
            assert_eq!(error.column(), value_at, "{text}");
        }
    }

    #[test]
    fn a_bad_value_is_reported_inside_its_field() {
        let mut value = widget();
        value["always"] = json!("one");
        let error = Widget::from_json_str(&value.to_string()).unwrap_err();
        assert_eq!(error.path(), "always");
        assert_eq!(error.message(), "expected int but found string");
        // A key the type does not know is skipped, and its errors carry no field name.
        let error = Widget::from_json_str(r#"{"new_key": [1,}"#).unwrap_err();
        assert_eq!(error.path(), "");
    }

    #[test]
    fn objects_without_properties_and_true_markers_work() {
        let mut value = widget();
        value["settings"] = json!({"anything": [1, 2]});
        value["deleted"] = json!(true);
        let widget = Widget::from_json_str(&value.to_string()).unwrap();
        assert_eq!(widget.deleted, Some(true));
        let encoded = json(&widget.to_json_string());
        assert_eq!(encoded["settings"], json!({"anything": [1, 2]}), "kept");
        assert_eq!(encoded["deleted"], true);
    }
}

mod expandable {
    use super::*;
    use stripe_api::Expandable;
    use stripe_api_tests::golden_expandable::{CustomerOrDeletedCustomer, Invoice};

    #[test]
    fn an_expandable_field_holds_the_id_or_the_object() {
        let value = json!({"id": "in_1", "charge": "ch_1", "customer": "cus_1"});
        let invoice = assert_round_trip(&value, Invoice::from_json_str, Invoice::to_json_string);
        assert_eq!(invoice.charge.as_ref().map(Expandable::id), Some("ch_1"));
        assert!(!invoice.charge.as_ref().is_some_and(Expandable::is_object));

        let value = json!({
            "id": "in_1",
            "charge": {"id": "ch_1", "object": "charge", "amount": 100},
            "customer": {"id": "cus_1", "object": "customer", "created": 1, "email": null}
        });
        let invoice = assert_round_trip(&value, Invoice::from_json_str, Invoice::to_json_string);
        let charge = invoice.charge.expect("charge");
        assert_eq!(charge.id(), "ch_1");
        assert_eq!(charge.as_object().map(|c| c.amount), Some(100));
        let customer = invoice.customer.expect("customer");
        assert_eq!(customer.id(), "cus_1");
        assert!(matches!(
            customer.into_object(),
            Some(CustomerOrDeletedCustomer::Customer(c)) if c.created.unix_seconds() == 1
        ));
    }

    #[test]
    fn several_expansion_resources_are_told_apart() {
        let value = json!({"id": "in_1", "customer": {"id": "cus_1", "object": "customer", "deleted": true}});
        let invoice = assert_round_trip(&value, Invoice::from_json_str, Invoice::to_json_string);
        let customer = invoice.customer.and_then(Expandable::into_object);
        assert!(
            matches!(customer, Some(CustomerOrDeletedCustomer::DeletedCustomer(d)) if d.deleted)
        );
    }

    #[test]
    fn an_object_of_a_type_added_later_is_kept_as_json() {
        let value = json!({"id": "in_1", "customer": {"id": "acct_1", "object": "account"}});
        let invoice = assert_round_trip(&value, Invoice::from_json_str, Invoice::to_json_string);
        let customer = invoice.customer.expect("customer");
        assert_eq!(customer.id(), "acct_1");
        assert!(matches!(
            customer.as_object(),
            Some(CustomerOrDeletedCustomer::Unrecognized(raw)) if raw["object"] == "account"
        ));
    }
}

mod scalars {
    use super::*;
    use stripe_api_tests::golden_scalars::Price;

    #[test]
    fn timestamps_decimals_numbers_maps_and_lists_keep_their_values() {
        let value = json!({
            "id": "price_1",
            "created": 1679434412,
            "unit_amount_decimal": "0.1000000000000000000000001",
            "exchange_rate": 1.2345,
            "metadata": {"order": "6735", "zeta": "", "alpha": "x"},
            "currency_options": {"eur": {"up_to": null, "flat_amount_decimal": "12.50"}},
            "use_stripe_sdk": {"type": "three_d_secure_redirect", "nested": {"a": [1, 2.5]}},
            "tiers": [{"up_to": 10}, {"up_to": null}],
            "line_items": {"object": "list", "data": [{"up_to": 1}], "has_more": false, "url": "/v1/x"}
        });
        let price = assert_round_trip(&value, Price::from_json_str, Price::to_json_string);
        assert_eq!(price.created.unix_seconds(), 1679434412);
        assert_eq!(
            price.unit_amount_decimal.as_ref().map(|d| d.as_str()),
            Some("0.1000000000000000000000001")
        );
        assert_eq!(price.exchange_rate, Some(1.2345));
        assert_eq!(
            price.metadata.keys().collect::<Vec<_>>(),
            ["alpha", "order", "zeta"],
            "maps are ordered"
        );
        assert_eq!(price.use_stripe_sdk.as_ref().map(|m| m.len()), Some(2));
        assert_eq!(price.tiers.len(), 2);
        let page = price.line_items.expect("list");
        assert_eq!(
            (page.data.len(), page.has_more, page.url.as_str()),
            (1, false, "/v1/x")
        );
    }
}

mod unions {
    use super::*;
    use stripe_api_tests::golden_unions::{
        Address, BankAccountOrCard, CardOptionsOrClientOptions, Payout,
    };

    #[test]
    fn a_single_ref_wrapper_is_the_referenced_type() {
        let payout =
            Payout::from_json_str(r#"{"id": "po_1", "address": {"city": "Paris"}}"#).unwrap();
        let address: Option<Address> = payout.address;
        assert_eq!(address.and_then(|a| a.city).as_deref(), Some("Paris"));
    }

    #[test]
    fn a_union_of_refs_is_an_enum_told_apart_by_tag() {
        let value = json!({"id": "po_1", "destination": {"id": "card_1", "object": "card", "brand": "visa"}});
        let payout = assert_round_trip(&value, Payout::from_json_str, Payout::to_json_string);
        assert!(
            matches!(payout.destination, Some(BankAccountOrCard::Card(card)) if card.brand == "visa")
        );

        let value = json!({"id": "po_1", "destination": {"id": "ba_1", "object": "bank_account", "last4": "6789"}});
        let payout = assert_round_trip(&value, Payout::from_json_str, Payout::to_json_string);
        assert!(
            matches!(payout.destination, Some(BankAccountOrCard::BankAccount(b)) if b.last4 == "6789")
        );
    }

    #[test]
    fn an_untagged_union_goes_by_which_properties_the_object_has() {
        let value = json!({"id": "po_1", "card_options": {"verification_method": "instant"}});
        let payout = assert_round_trip(&value, Payout::from_json_str, Payout::to_json_string);
        assert!(matches!(
            payout.card_options,
            Some(CardOptionsOrClientOptions::ClientOptions(_))
        ));

        let value = json!({"id": "po_1", "card_options": {"capture_method": "manual", "installments": true}});
        let payout = assert_round_trip(&value, Payout::from_json_str, Payout::to_json_string);
        assert!(matches!(
            payout.card_options,
            Some(CardOptionsOrClientOptions::CardOptions(_))
        ));
    }
}

mod cycles {
    use super::*;
    use stripe_api_tests::golden_cycles::{ApiError, Label, Node};

    #[test]
    fn only_fields_on_a_cycle_are_boxed() {
        let value = json!({
            "parent": {"children": [{"label": {"text": "leaf"}}]},
            "last_error": {"node": {"parent": null}},
            "children": [],
            "label": {"text": "root"}
        });
        let node = assert_round_trip(&value, Node::from_json_str, Node::to_json_string);
        // These annotations are the test: they fail to compile if the boxing changes.
        let parent: Option<Box<Node>> = node.parent;
        let error: Option<Box<ApiError>> = node.last_error;
        let children: Option<Vec<Node>> = node.children;
        let label: Option<Label> = node.label;
        let inner: Option<Box<Node>> = error.expect("error").node;
        assert!(inner.is_some());
        assert_eq!(children.map(|c| c.len()), Some(0));
        assert_eq!(label.and_then(|l| l.text).as_deref(), Some("root"));
        let grandchild = &parent.expect("parent").children.expect("children")[0];
        assert_eq!(
            grandchild.label.as_ref().and_then(|l| l.text.as_deref()),
            Some("leaf")
        );
    }
}

mod params {
    use std::collections::BTreeMap;

    use stripe_api::form::FormEncoder;
    use stripe_api_tests::golden_params::{
        CheckoutSessionCreateParams, CheckoutSessionCreateParamsLineItems,
        CheckoutSessionCreateParamsLineItemsAdjustableQuantity, CheckoutSessionCreateParamsMode,
        CheckoutSessionRetrieveParams,
    };

    #[test]
    fn nested_objects_lists_of_objects_enums_and_maps_form_encode() {
        let mut params =
            CheckoutSessionCreateParams::new("https://example.com/done?a=1".to_owned())
                .mode(CheckoutSessionCreateParamsMode::Payment)
                .expand(["line_items"])
                .line_items([
                    CheckoutSessionCreateParamsLineItems::new("price_1".to_owned())
                        .quantity(2)
                        .adjustable_quantity(
                            CheckoutSessionCreateParamsLineItemsAdjustableQuantity::new(true)
                                .maximum(5),
                        ),
                    CheckoutSessionCreateParamsLineItems::new("price_2".to_owned()),
                ])
                .expires_at(stripe_api::Timestamp::from_unix_seconds(1_700_000_000));
        params.metadata = Some(BTreeMap::from([("order".to_owned(), "6735".to_owned())]));
        assert_eq!(
            FormEncoder::encode(&params),
            "expand[0]=line_items&expires_at=1700000000\
             &line_items[0][adjustable_quantity][enabled]=true\
             &line_items[0][adjustable_quantity][maximum]=5\
             &line_items[0][price]=price_1&line_items[0][quantity]=2\
             &line_items[1][price]=price_2&metadata[order]=6735&mode=payment\
             &success_url=https%3A%2F%2Fexample.com%2Fdone%3Fa%3D1"
        );
    }

    #[test]
    fn clearable_parameters_send_the_value_or_an_empty_field() {
        use stripe_api::Clearable;
        use stripe_api_tests::golden_params::CheckoutSessionCreateParamsShippingAddress;

        let set = CheckoutSessionCreateParams::new("https://example.com".to_owned())
            .description("Blue shirt".to_owned())
            .shipping_address(
                CheckoutSessionCreateParamsShippingAddress::new("1 Main St".to_owned())
                    .city("Berlin"),
            )
            .tax_ids(vec!["DE123".to_owned()]);
        assert_eq!(
            FormEncoder::encode(&set),
            "description=Blue+shirt&shipping_address[city]=Berlin\
             &shipping_address[line1]=1+Main+St&success_url=https%3A%2F%2Fexample.com\
             &tax_ids[0]=DE123"
        );

        let cleared = CheckoutSessionCreateParams::new("https://example.com".to_owned())
            .description(Clearable::Clear)
            .shipping_address(Clearable::Clear)
            .tax_ids(Clearable::Clear);
        assert_eq!(
            FormEncoder::encode(&cleared),
            "description=&shipping_address=&success_url=https%3A%2F%2Fexample.com&tax_ids="
        );
    }

    #[test]
    fn parameters_with_nothing_set_encode_to_nothing() {
        assert_eq!(
            FormEncoder::encode(&CheckoutSessionRetrieveParams::default()),
            ""
        );
        let params = CheckoutSessionRetrieveParams::new().expand(["customer", "invoice"]);
        assert_eq!(
            FormEncoder::encode(&params),
            "expand[0]=customer&expand[1]=invoice"
        );
    }
}

mod alternatives {
    use stripe_api::form::FormEncoder;
    use stripe_api::{Clearable, Timestamp};
    use stripe_api_tests::golden_alternatives::{
        AccountCapabilityListParams, AccountCapabilityListParamsCreated,
        AccountCapabilityListParamsCreatedRangeQuerySpecs, CardOrBankAccountOrDeletedCard,
        CustomerSourceCreateParams, CustomerSourceCreateParamsExpiresAt,
        CustomerSourceCreateParamsSource,
        CustomerSourceCreateParamsSourceCustomerPaymentSourceCard,
        CustomerSourceCreateParamsTrialEnd, CustomerSourceCreateParamsUpTo,
    };

    #[test]
    fn a_token_is_sent_as_the_value_and_details_as_nested_fields() {
        let token = CustomerSourceCreateParams::new("tok_visa");
        assert_eq!(FormEncoder::encode(&token), "source=tok_visa");

        let card = CustomerSourceCreateParamsSourceCustomerPaymentSourceCard::new(
            12,
            2034,
            "4242424242424242".to_owned(),
        );
        let details = CustomerSourceCreateParams::new(card);
        assert_eq!(
            FormEncoder::encode(&details),
            "source[exp_month]=12&source[exp_year]=2034&source[number]=4242424242424242"
        );
        assert!(matches!(
            details.source,
            CustomerSourceCreateParamsSource::CustomerPaymentSourceCard(_)
        ));
    }

    #[test]
    fn a_word_among_the_alternatives_is_sent_as_it_is_spelled() {
        let now = CustomerSourceCreateParams::new("tok_visa")
            .trial_end(CustomerSourceCreateParamsTrialEnd::Now)
            .up_to(CustomerSourceCreateParamsUpTo::Inf);
        assert_eq!(
            FormEncoder::encode(&now),
            "source=tok_visa&trial_end=now&up_to=inf"
        );
        let at = CustomerSourceCreateParams::new("tok_visa")
            .trial_end(Timestamp::from_unix_seconds(1_700_000_000))
            .up_to(1000);
        assert_eq!(
            FormEncoder::encode(&at),
            "source=tok_visa&trial_end=1700000000&up_to=1000"
        );
    }

    #[test]
    fn alternatives_that_can_be_cleared_send_a_value_or_an_empty_field() {
        let set = CustomerSourceCreateParams::new("tok_visa").expires_at(
            CustomerSourceCreateParamsExpiresAt::from(Timestamp::from_unix_seconds(1)),
        );
        assert_eq!(FormEncoder::encode(&set), "expires_at=1&source=tok_visa");
        let now = CustomerSourceCreateParams::new("tok_visa")
            .expires_at(CustomerSourceCreateParamsExpiresAt::Now);
        assert_eq!(FormEncoder::encode(&now), "expires_at=now&source=tok_visa");
        let cleared = CustomerSourceCreateParams::new("tok_visa").expires_at(Clearable::Clear);
        assert_eq!(FormEncoder::encode(&cleared), "expires_at=&source=tok_visa");
    }

    #[test]
    fn a_range_or_a_value_in_a_query() {
        let range = AccountCapabilityListParams::new().created(
            AccountCapabilityListParamsCreatedRangeQuerySpecs::new()
                .gt(1_600_000_000)
                .lte(1_700_000_000),
        );
        assert_eq!(
            FormEncoder::encode(&range),
            "created[gt]=1600000000&created[lte]=1700000000"
        );
        let exact = AccountCapabilityListParams::new()
            .created(AccountCapabilityListParamsCreated::Integer(1_600_000_000));
        assert_eq!(FormEncoder::encode(&exact), "created=1600000000");
    }

    #[test]
    fn a_union_that_holds_a_union_decodes_into_the_inner_variants() {
        let decode = |json: &str| -> CardOrBankAccountOrDeletedCard {
            stripe_api::codec::decode_str(json, "CardOrBankAccountOrDeletedCard").unwrap()
        };
        let bank = decode(r#"{"id": "ba_1", "object": "bank_account"}"#);
        assert!(matches!(
            bank,
            CardOrBankAccountOrDeletedCard::BankAccount(_)
        ));
        let deleted = decode(r#"{"id": "card_1", "object": "card", "deleted": true}"#);
        assert!(matches!(
            deleted,
            CardOrBankAccountOrDeletedCard::DeletedCard(_)
        ));
        let card = decode(r#"{"id": "card_1", "object": "card"}"#);
        assert!(matches!(card, CardOrBankAccountOrDeletedCard::Card(_)));
    }
}

mod events {
    use super::*;
    use stripe_api::form::FormEncoder;
    use stripe_api_tests::golden_events::{
        Event, EventObject, EventType, GadgetListParams, GadgetListParamsCreated,
        GadgetListParamsCreatedRangeQuerySpecs,
    };

    fn event(object: serde_json::Value, kind: &str) -> serde_json::Value {
        json!({
            "created": 1692000000, "id": "evt_1", "object": "event", "type": kind,
            "data": {"object": object, "previous_attributes": {"size": 1}}
        })
    }

    #[test]
    fn an_events_object_is_the_served_resource_its_tag_names() {
        let value = event(
            json!({"id": "wid_1", "object": "widget", "size": 2}),
            "widget.updated",
        );
        let decoded = assert_round_trip(&value, Event::from_json_str, Event::to_json_string);
        assert_eq!(decoded.r#type, EventType::WidgetUpdated);
        let EventObject::Widget(widget) = &decoded.data.object else {
            panic!("not a widget: {:?}", decoded.data.object);
        };
        assert_eq!((widget.id.as_str(), widget.size), ("wid_1", Some(2)));

        // The item type of a list the operations return is served too.
        let value = event(
            json!({"id": "gad_1", "object": "gadget", "name": "g"}),
            "gadget.created",
        );
        let decoded = assert_round_trip(&value, Event::from_json_str, Event::to_json_string);
        assert!(matches!(decoded.data.object, EventObject::Gadget(_)));
    }

    #[test]
    fn any_other_object_and_event_type_is_kept_as_sent() {
        // A ping has no `object` tag and an event is never an event's object: neither
        // is a variant, so such objects, and any unknown one, stay JSON.
        for object in [
            json!({"ok": true}),
            json!({"id": "evt_0", "object": "event"}),
            json!({"id": "thing_1", "object": "thing"}),
        ] {
            let value = event(object.clone(), "thing.happened");
            let decoded = assert_round_trip(&value, Event::from_json_str, Event::to_json_string);
            assert_eq!(decoded.data.object, EventObject::Unrecognized(object));
            assert_eq!(decoded.r#type.as_str(), "thing.happened");
            assert!(matches!(decoded.r#type, EventType::Unrecognized(_)));
        }
    }

    #[test]
    fn an_object_of_a_served_type_that_does_not_decode_is_an_error_naming_the_field() {
        // A gadget without its required `name`, and a widget whose `size` is no number:
        // neither passes as an unknown object.
        let lacking = event(json!({"id": "gad_1", "object": "gadget"}), "gadget.created");
        let error = Event::from_json_str(&lacking.to_string()).unwrap_err();
        assert_eq!(error.path(), "data.object");
        assert!(error.message().contains("missing field `name`"), "{error}");
        let wrong = event(
            json!({"id": "wid_1", "object": "widget", "size": "big"}),
            "widget.updated",
        );
        let error = Event::from_json_str(&wrong.to_string()).unwrap_err();
        assert_eq!(error.path(), "data.object.size", "{error}");
    }

    #[test]
    fn a_parameter_of_several_forms_sends_the_one_chosen() {
        let exact = GadgetListParams::new().created(1692000000).limit(3);
        assert_eq!(FormEncoder::encode(&exact), "created=1692000000&limit=3");
        let range = GadgetListParams::new()
            .created(GadgetListParamsCreatedRangeQuerySpecs::new().gt(1).lte(2));
        assert_eq!(FormEncoder::encode(&range), "created[gt]=1&created[lte]=2");
        assert_eq!(
            range.created,
            Some(GadgetListParamsCreated::RangeQuerySpecs(
                GadgetListParamsCreatedRangeQuerySpecs::new().gt(1).lte(2)
            ))
        );
    }
}
