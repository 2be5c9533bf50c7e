/*
 * The one driver that builds a return from the replica: the stages of
 * returns/return_kind.h, in order, with everything they share done once
 * here (keys, output names, the snapshot, the record loop and its source
 * defects, hashes, validation report, manifests, and the commit of the
 * whole output set or nothing).
 */
#ifndef STATRETURN_PIPELINE_BUILD_H
#define STATRETURN_PIPELINE_BUILD_H

#include "core/status.h"
#include "returns/return_kind.h"

/* Builds return k as req asks.  Messages go to the log. */
enum sr_status pipeline_build(const struct return_kind *k, const struct build_request *req);

#endif
