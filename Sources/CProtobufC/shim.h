// Exposes the libprotobuf-c runtime API to Swift as module CProtobufC.
#ifndef SIGHTLINE_CPROTOBUFC_SHIM_H
#define SIGHTLINE_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
