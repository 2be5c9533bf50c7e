/* Unit tests for core/id_index: numbers kept through growth, lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/id_index.h"

static void test_numbers(void **state)
{
    struct id_index *x = id_index_new();
    char key[32];
    uint32_t v;

    (void)state;
    for (uint32_t i = 1; i <= 100000; i++) {   /* grows many times */
        snprintf(key, sizeof key, "C%07u", i * 7919u % 1000003u);
        v = i;
        assert_false(id_index_add(x, key, &v));
    }
    assert_int_equal(id_index_count(x), 100000);
    for (uint32_t i = 1; i <= 100000; i += 997) {
        snprintf(key, sizeof key, "C%07u", i * 7919u % 1000003u);
        v = 0;
        assert_true(id_index_add(x, key, &v));
        assert_int_equal(v, i);
    }
    v = 5;
    assert_false(id_index_add(x, "", &v));       /* the empty string is a key too */
    v = 0;
    assert_true(id_index_add(x, "", &v));
    assert_int_equal(v, 5);
    assert_int_equal(id_index_count(x), 100001);
    id_index_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
