/*
 * Entry point: everything, including exit-status mapping, is in app_main so
 * that tests can drive the whole program in-process.
 */
#include "cli/app.h"

int main(int argc, char **argv)
{
    return app_main(argc, argv);
}
