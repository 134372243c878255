#ifndef PERSONA_IMPORT_CLIBXML2_SHIM_H
#define PERSONA_IMPORT_CLIBXML2_SHIM_H

// libxml2's streaming reader (xmlTextReader) and the parser/error APIs it needs.
// Include flags come from pkg-config libxml-2.0 (-I/usr/include/libxml2).
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

#endif
