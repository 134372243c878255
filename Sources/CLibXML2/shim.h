#ifndef PERSONA_IMPORT_CLIBXML2_SHIM_H
#define PERSONA_IMPORT_CLIBXML2_SHIM_H

// libxml2's streaming reader (xmlTextReader) and the parser/error APIs it needs.
// Include flags come from pkg-config libxml-2.0 (-I/usr/include/libxml2).
#include <libxml/xmlversion.h>

// Debian builds libxml2 with ICU, so <libxml/encoding.h> would include <unicode/ucnv.h>. That
// system ICU clashes with Foundation's bundled ICU module in any Swift file that imports both.
// Nothing here touches the ICU members of xmlCharEncodingHandler (only pointers to it pass
// through), so the ICU include is switched off for this module.
#ifdef LIBXML_ICU_ENABLED
#undef LIBXML_ICU_ENABLED
#endif

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

#endif
