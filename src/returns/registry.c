/*
 * The registry of returns; see include/returns/registry.h.  A new return
 * is a folder under src/returns/ and one line here.
 */
#include <string.h>

#include "returns/cin/cin_kind.h"
#include "returns/cscapi/csc_kind.h"
#include "returns/families/families_kind.h"
#include "returns/registry.h"
#include "returns/ssda903/cla_kind.h"

const struct return_kind *const return_kinds[] = {
    &cin_kind,
    &cla_kind,
    &families_kind,
    &csc_kind,
    NULL,
};

const struct return_kind *return_kind_find(const char *name)
{
    for (size_t i = 0; return_kinds[i]; i++)
        if (!strcmp(return_kinds[i]->name, name))
            return return_kinds[i];
    return NULL;
}
