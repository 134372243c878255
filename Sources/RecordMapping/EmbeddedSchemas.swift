// Generated from schemas/*.schema.json; EmbeddedSchemasTests checks each copy equals its file
// byte for byte. After editing a schema file, paste its content here unchanged.

/// The built-in schemas, compiled into the library so the installed binary needs no checkout.
public enum EmbeddedSchemas {
    /// `schemas/inquiry-fields.schema.json`: the default validation of every mapped record.
    public static let inquiryFields: String = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Persona inquiry prefill fields",
  "description": "Applied by persona-import to every mapped record, as {\"reference-id\": ..., \"fields\": {...}}, before any request is sent. Replace it with --schema FILE (for example to allow a template's custom fields).",
  "type": "object",
  "properties": {
    "reference-id": {
      "type": "string",
      "minLength": 1,
      "maxLength": 255
    },
    "fields": {
      "$ref": "#/$defs/fields"
    }
  },
  "required": [
    "fields"
  ],
  "additionalProperties": false,
  "$defs": {
    "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100
    },
    "fields": {
      "type": "object",
      "properties": {
        "name-first": {
          "$ref": "#/$defs/name"
        },
        "name-middle": {
          "$ref": "#/$defs/name"
        },
        "name-last": {
          "$ref": "#/$defs/name"
        },
        "birthdate": {
          "type": "string",
          "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
          "format": "date"
        },
        "email-address": {
          "type": "string",
          "maxLength": 254,
          "format": "email"
        },
        "phone-number": {
          "type": "string",
          "pattern": "^\\+[1-9][0-9]{7,14}$"
        },
        "address-street-1": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        },
        "address-street-2": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        },
        "address-city": {
          "type": "string",
          "minLength": 1,
          "maxLength": 100
        },
        "address-subdivision": {
          "type": "string",
          "minLength": 1,
          "maxLength": 100
        },
        "address-postal-code": {
          "type": "string",
          "minLength": 1,
          "maxLength": 20
        },
        "address-country-code": {
          "$ref": "#/$defs/country-code"
        },
        "identification-number": {
          "type": "string",
          "minLength": 1,
          "maxLength": 50
        }
      },
      "required": [
        "name-first",
        "name-last"
      ],
      "additionalProperties": false
    },
    "country-code": {
      "description": "ISO 3166-1 alpha-2, all 249 assigned codes.",
      "type": "string",
      "enum": [
        "AF", "AX", "AL", "DZ", "AS", "AD", "AO", "AI", "AQ", "AG", "AR", "AM", "AW", "AU", "AT", "AZ",
        "BS", "BH", "BD", "BB", "BY", "BE", "BZ", "BJ", "BM", "BT", "BO", "BQ", "BA", "BW", "BV", "BR",
        "IO", "BN", "BG", "BF", "BI", "CV", "KH", "CM", "CA", "KY", "CF", "TD", "CL", "CN", "CX", "CC",
        "CO", "KM", "CG", "CD", "CK", "CR", "CI", "HR", "CU", "CW", "CY", "CZ", "DK", "DJ", "DM", "DO",
        "EC", "EG", "SV", "GQ", "ER", "EE", "SZ", "ET", "FK", "FO", "FJ", "FI", "FR", "GF", "PF", "TF",
        "GA", "GM", "GE", "DE", "GH", "GI", "GR", "GL", "GD", "GP", "GU", "GT", "GG", "GN", "GW", "GY",
        "HT", "HM", "VA", "HN", "HK", "HU", "IS", "IN", "ID", "IR", "IQ", "IE", "IM", "IL", "IT", "JM",
        "JP", "JE", "JO", "KZ", "KE", "KI", "KP", "KR", "KW", "KG", "LA", "LV", "LB", "LS", "LR", "LY",
        "LI", "LT", "LU", "MO", "MG", "MW", "MY", "MV", "ML", "MT", "MH", "MQ", "MR", "MU", "YT", "MX",
        "FM", "MD", "MC", "MN", "ME", "MS", "MA", "MZ", "MM", "NA", "NR", "NP", "NL", "NC", "NZ", "NI",
        "NE", "NG", "NU", "NF", "MK", "MP", "NO", "OM", "PK", "PW", "PS", "PA", "PG", "PY", "PE", "PH",
        "PN", "PL", "PT", "PR", "QA", "RE", "RO", "RU", "RW", "BL", "SH", "KN", "LC", "MF", "PM", "VC",
        "WS", "SM", "ST", "SA", "SN", "RS", "SC", "SL", "SG", "SX", "SK", "SI", "SB", "SO", "ZA", "GS",
        "SS", "ES", "LK", "SD", "SR", "SJ", "SE", "CH", "SY", "TW", "TJ", "TZ", "TH", "TL", "TG", "TK",
        "TO", "TT", "TN", "TR", "TM", "TC", "TV", "UG", "UA", "AE", "GB", "US", "UM", "UY", "UZ", "VU",
        "VE", "VN", "VG", "VI", "WF", "EH", "YE", "ZM", "ZW"
      ]
    }
  }
}

"""#

    /// `schemas/mapping.schema.json`: what a mapping file may contain.
    public static let mapping: String = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "persona-import mapping file",
  "description": "How the columns of an input file become a Persona inquiry. Written in YAML or JSON; persona-import checks every mapping file against this schema when it loads it.",
  "type": "object",
  "properties": {
    "template": {
      "description": "Exactly one template. A plain string is read by its prefix (itmpl_, itmplv_ or tmpl_). --template on the command line overrides it.",
      "oneOf": [
        { "$ref": "#/$defs/template-id" },
        {
          "type": "object",
          "properties": {
            "inquiry-template-id": { "type": "string", "pattern": "^itmpl_[A-Za-z0-9]+$" },
            "inquiry-template-version-id": { "type": "string", "pattern": "^itmplv_[A-Za-z0-9]+$" },
            "template-id": { "type": "string", "pattern": "^tmpl_[A-Za-z0-9]+$" }
          },
          "additionalProperties": false,
          "minProperties": 1,
          "maxProperties": 1
        }
      ]
    },
    "reference-id": { "$ref": "#/$defs/source" },
    "fields": {
      "description": "Persona field key (or a custom field the schema allows) to its source.",
      "type": "object",
      "minProperties": 1,
      "propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9_-]*$", "maxLength": 100 },
      "additionalProperties": { "$ref": "#/$defs/source" }
    },
    "tags": {
      "description": "Constant tags added to every inquiry (an array of non-empty strings).",
      "type": "array"
    },
    "note": { "type": "string" },
    "meta": {
      "description": "The request's meta object: known keys only.",
      "type": "object",
      "properties": {
        "auto-create-account": { "type": "boolean" },
        "auto-create-account-type-id": { "$ref": "#/$defs/meta-string" },
        "auto-create-account-reference-id": { "$ref": "#/$defs/meta-string" },
        "expiration-after-create-interval-seconds": { "$ref": "#/$defs/seconds" },
        "expiration-after-start-interval-seconds": { "$ref": "#/$defs/seconds" },
        "expiration-after-resume-interval-seconds": { "$ref": "#/$defs/seconds" },
        "one-time-link-expiration-seconds": { "$ref": "#/$defs/seconds" },
        "auto-create-inquiry-session": { "type": "boolean" },
        "auto-create-one-time-link": { "type": "boolean" }
      },
      "additionalProperties": false
    }
  },
  "required": ["fields"],
  "additionalProperties": false,
  "$defs": {
    "template-id": { "type": "string", "pattern": "^(itmpl_|itmplv_|tmpl_)[A-Za-z0-9]+$" },
    "source": {
      "description": "A column name (or XML field path such as address/city or @id), or an object with the column, its transforms and a default.",
      "oneOf": [
        { "type": "string", "minLength": 1 },
        {
          "type": "object",
          "properties": {
            "column": { "type": "string", "minLength": 1 },
            "transforms": {
              "description": "Applied in order: trim (on by default; {trim: false} turns it off), upper, lower, collapse-spaces, country, us-state, {date: [formats]}, {phone: {default-country: XX}}, {default: value}.",
              "type": "array"
            },
            "default": { "type": "string" },
            "trim": { "description": "false keeps leading and trailing spaces (trimming is on by default).", "type": "boolean" }
          },
          "required": ["column"],
          "additionalProperties": false
        }
      ]
    },
    "meta-string": {
      "description": "A meta value from a column ({column: ...}, with transforms like a field) or a constant ({value: ...}).",
      "type": "object",
      "properties": {
        "column": { "type": "string", "minLength": 1 },
        "transforms": { "type": "array" },
        "default": { "type": "string" },
        "trim": { "type": "boolean" },
        "value": { "type": "string", "minLength": 1 }
      },
      "additionalProperties": false,
      "minProperties": 1,
      "oneOf": [
        { "required": ["column"], "not": { "required": ["value"] } },
        { "required": ["value"], "not": { "anyOf": [ { "required": ["column"] }, { "required": ["transforms"] }, { "required": ["default"] }, { "required": ["trim"] } ] } }
      ]
    },
    "seconds": { "type": "integer", "minimum": 0 }
  }
}

"""#
}
