import Testing
@testable import RecordMapping

@Suite("mapping file errors name the file and the key")
struct MappingFileErrorTests {
    let minimal = """
        template: { inquiry-template-id: itmpl_Abc123 }
        fields:
          name-first: First Name
        """

    @Test func theCustomerMappingLoads() throws {
        let configuration = try Support.configuration(Support.customerMapping)
        #expect(configuration.template == .inquiryTemplate("itmpl_SampleTemplate0000000001"))
        #expect(!configuration.usesHeaderKeys)
        #expect(configuration.mappingFile == "customers.mapping.yaml")
    }

    @Test func jsonMappingLoads() throws {
        let json = #"{"template": {"template-id": "tmpl_Legacy1"}, "fields": {"name-first": "First", "name-last": {"column": "Last"}}}"#
        let configuration = try Support.configuration(json, file: "m.json")
        #expect(configuration.template == .legacyTemplate("tmpl_Legacy1"))
    }

    @Test func unknownTransform() throws {
        let message = try #require(Support.loadError("""
            template: { inquiry-template-id: itmpl_Abc123 }
            fields:
              birthdate: { column: DOB, transforms: [dat] }
            """))
        #expect(message.hasPrefix(#"customers.mapping.yaml: /fields/birthdate/transforms/0: unknown transform "dat""#))
        #expect(message.contains("known: trim, upper"))
    }

    @Test func unknownTransformObject() throws {
        let message = try #require(Support.loadError("""
            template: { inquiry-template-id: itmpl_Abc123 }
            fields:
              birthdate: { column: DOB, transforms: [trim, { dates: [MM/dd/yyyy] }] }
            """))
        #expect(message.hasPrefix(#"customers.mapping.yaml: /fields/birthdate/transforms/1: unknown transform "dates""#))
    }

    @Test func unknownTopLevelKey() throws {
        let message = try #require(Support.loadError(minimal + "\ncolour: blue\n"))
        #expect(message.hasPrefix(#"customers.mapping.yaml: /colour: unknown key "colour""#))
    }

    @Test func unknownFieldSourceKey() throws {
        let message = try #require(Support.loadError("""
            template: { inquiry-template-id: itmpl_Abc123 }
            fields:
              name-first: { colum: First Name }
            """))
        #expect(message.hasPrefix(#"customers.mapping.yaml: /fields/name-first/colum: unknown key "colum""#))
    }

    @Test func twoTemplates() throws {
        let message = try #require(Support.loadError("""
            template: { inquiry-template-id: itmpl_Abc123, template-id: tmpl_Abc123 }
            fields:
              name-first: First Name
            """))
        #expect(message.hasPrefix("customers.mapping.yaml: /template: exactly one of inquiry-template-id, inquiry-template-version-id, template-id; found 2"))
    }

    @Test func badTemplatePrefix() throws {
        let message = try #require(Support.loadError("""
            template: { inquiry-template-id: itm_Abc123 }
            fields:
              name-first: First Name
            """))
        #expect(message.hasPrefix("customers.mapping.yaml: /template/inquiry-template-id: inquiry-template-id must start with itmpl_"))
        let version = try #require(Support.loadError("""
            template: { inquiry-template-version-id: itmpl_Abc123 }
            fields:
              name-first: First Name
            """))
        #expect(version.hasPrefix("customers.mapping.yaml: /template/inquiry-template-version-id: inquiry-template-version-id must start with itmplv_"))
    }

    @Test func templateOverrideWinsAndItsPrefixDecides() throws {
        let configuration = try Support.configuration(minimal, template: "itmplv_Version9")
        #expect(configuration.template == .inquiryTemplateVersion("itmplv_Version9"))
        let message = try #require(Support.loadError(minimal, template: "inq_Abc"))
        #expect(message.hasPrefix("--template: a template id must start with itmpl_"))
    }

    @Test func missingTemplate() throws {
        let message = try #require(Support.loadError("fields:\n  name-first: First Name\n"))
        #expect(message.hasPrefix("customers.mapping.yaml: /template: no template"))
        #expect(message.contains("--template"))
    }

    @Test func yamlSyntaxError() throws {
        let message = try #require(Support.loadError("""
            template: { inquiry-template-id: itmpl_Abc123
            fields:
              name-first: First Name
            """))
        #expect(message.hasPrefix("customers.mapping.yaml:"))
        #expect(message.contains("YAML syntax error"))
    }

    @Test func duplicateKey() throws {
        let message = try #require(Support.loadError(minimal + "\n  name-first: Given Name\n"))
        #expect(message.hasPrefix("customers.mapping.yaml:"))
        #expect(message.contains(#"duplicate key "name-first""#))
    }

    @Test func unknownMetaKeyAndWrongTypes() throws {
        let unknown = try #require(Support.loadError(minimal + "\nmeta: { auto-create-acount: true }\n"))
        #expect(unknown.hasPrefix(#"customers.mapping.yaml: /meta/auto-create-acount: unknown meta key "auto-create-acount""#))
        let bool = try #require(Support.loadError(minimal + "\nmeta: { auto-create-account: maybe }\n"))
        #expect(bool.hasPrefix("customers.mapping.yaml: /meta/auto-create-account: expected true or false"))
        let seconds = try #require(Support.loadError(minimal + "\nmeta: { expiration-after-create-interval-seconds: 1.5 }\n"))
        #expect(seconds.hasPrefix("customers.mapping.yaml: /meta/expiration-after-create-interval-seconds: expected a whole number"))
        let prefix = try #require(Support.loadError(minimal + "\nmeta: { auto-create-account-type-id: { value: act_1 } }\n"))
        #expect(prefix.hasPrefix("customers.mapping.yaml: /meta/auto-create-account-type-id/value: auto-create-account-type-id must start with acttp_"))
    }

    @Test func badDateFormatAndPhoneCountry() throws {
        let date = try #require(Support.loadError("""
            template: itmpl_Abc123
            fields:
              birthdate: { column: DOB, transforms: [{ date: [MM/dd/yy] }] }
            """))
        #expect(date.hasPrefix(#"customers.mapping.yaml: /fields/birthdate/transforms/0/date/0: bad date format "MM/dd/yy""#))
        let phone = try #require(Support.loadError("""
            template: itmpl_Abc123
            fields:
              phone-number: { column: Phone, transforms: [{ phone: { default-country: XX } }] }
            """))
        #expect(phone.hasPrefix("customers.mapping.yaml: /fields/phone-number/transforms/0/phone/default-country: no calling code known"))
    }

    @Test func fieldTheSchemaDoesNotAllow() throws {
        let message = try #require(Support.loadError(minimal + "\n  favourite-colour: Colour\n"))
        #expect(message.hasPrefix("customers.mapping.yaml: /fields/favourite-colour: the built-in inquiry-fields schema does not allow the field \"favourite-colour\""))
    }

    @Test func metaConstantsAndColumnsLoad() throws {
        let configuration = try Support.configuration(minimal + """

            meta:
              auto-create-account: false
              auto-create-account-type-id: { value: acttp_Abc }
              expiration-after-create-interval-seconds: 86400
            """)
        guard case .mapping(let file) = configuration.mode else { Issue.record("expected a mapping"); return }
        #expect(file.meta.count == 3)
    }

    @Test func mappingFileThatCannotBeRead() throws {
        do {
            _ = try MappingConfiguration.load(mappingFile: "/nonexistent/x.mapping.yaml", schemaFile: nil, templateOverride: nil)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("/nonexistent/x.mapping.yaml: cannot read the mapping file"))
        }
    }
}

@Suite("mapping file options")
struct MappingFileOptionTests {
    @Test func trimFalseOnTheSourceOrInTheTransforms() throws {
        let configuration = try Support.configuration("""
            template: itmpl_Abc123
            fields:
              name-first: { column: First, trim: false }
              name-last: { column: Last, transforms: [{ trim: false }] }
            """)
        guard case .mapping(let file) = configuration.mode else { Issue.record("expected a mapping"); return }
        #expect(file.fields.map(\.source.chain.trims) == [false, false])
        #expect(file.fields.map(\.source.column) == ["First", "Last"])
    }

    @Test func trimMustBeABoolean() throws {
        let message = try #require(Support.loadError("template: itmpl_Abc123\nfields:\n  name-first: { column: First, trim: maybe }\n"))
        #expect(message.hasPrefix("customers.mapping.yaml: /fields/name-first/trim: expected true or false"))
    }
}
