/*
 * Tests of the SSDA903 reference data (src/returns/ssda903/cla_ref.c): the --postcodes
 * (ONSPD layout) and --providers CSV loaders on small files written to a
 * temporary directory, postcode matching, and the derived placement fields
 * (PL_DISTANCE with its 999.9 cases and rounding, PL_LA, PL_LOCATION).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "returns/ssda903/cla_ref.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/cla_ref_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

/* Writes text to dir/name; the path in path. */
static void write_file(const char *name, const char *text, char *path, size_t n)
{
    FILE *f;

    snprintf(path, n, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Loads text as a postcode file: the loader's result, the message in err. */
static int load_pc(struct cla_ref *r, const char *text, char *err, size_t n)
{
    char path[128];
    int rc;

    write_file("pc.csv", text, path, sizeof path);
    err[0] = '\0';
    rc = cla_ref_load_postcodes(r, path, err, n);
    unlink(path);
    return rc;
}

static int load_prov(struct cla_ref *r, const char *text, char *err, size_t n)
{
    char path[128];
    int rc;

    write_file("prov.csv", text, path, sizeof path);
    err[0] = '\0';
    rc = cla_ref_load_providers(r, path, err, n);
    unlink(path);
    return rc;
}

static const char onspd[] =
    "\"pcd\",\"pcd2\",\"pcds\",\"dointr\",\"doterm\",\"oscty\",\"ced\",\"oslaua\",\"osward\",\"usertype\","
    "\"oseast1m\",\"osnrth1m\",\"osgrdind\"\n"
    "\"AB1 0AA\",\"AB1  0AA\",\"AB1 0AA\",\"198001\",\"199606\",\"S99999999\",\"S99999999\",\"S12000033\","
    "\"S13002843\",\"0\",\"385386\",\"0801193\",\"1\"\n"
    "\"SW1A1AA\",\"SW1A 1AA\",\"SW1A 1AA\",\"198001\",\"\",\"E99999999\",\"E99999999\",\"E09000033\","
    "\"E05013806\",\"1\",\"529090\",\"0179645\",\"1\"\n"
    "\"OX1 1AA\",\"OX1  1AA\",\"OX1 1AA\",\"198001\",\"\",\"E10000025\",\"E58001100\",\"E07000178\","
    "\"E05009000\",\"0\",\"\",\"\",\"9\"\n"
    "CF10 1AA,CF10 1AA,CF10 1AA,198001,,W99999999,W99999999,W06000015,W05000000,0,318000,176000,1\n";

static void test_postcodes_load(void **state)
{
    struct cla_ref *r = cla_ref_new();
    struct cla_postcode pc;
    char err[256];

    (void)state;
    assert_false(cla_ref_has_postcodes(r));
    assert_int_equal(load_pc(r, onspd, err, sizeof err), 0);
    assert_true(cla_ref_has_postcodes(r));
    /* any spacing, any case */
    assert_true(cla_ref_lookup_postcode(r, "sw1a1aa", &pc));
    assert_true(cla_ref_lookup_postcode(r, " SW1A   1AA ", &pc));
    assert_true(pc.has_grid);
    assert_int_equal(pc.easting, 529090);
    assert_int_equal(pc.northing, 179645);
    assert_string_equal(pc.la, "E09000033");
    /* a two-tier district takes its county; blank grid allowed */
    assert_true(cla_ref_lookup_postcode(r, "OX11AA", &pc));
    assert_false(pc.has_grid);
    assert_string_equal(pc.la, "E10000025");
    assert_true(cla_ref_lookup_postcode(r, "AB10AA", &pc));
    assert_string_equal(pc.la, "S12000033");
    /* unquoted rows */
    assert_non_null(cla_ref_postcode(r, "cf101aa"));
    assert_int_equal(cla_ref_postcode(r, "cf101aa")->easting, 318000);
    /* unknown, not a postcode */
    assert_false(cla_ref_lookup_postcode(r, "SW1A 1AB", &pc));
    assert_false(cla_ref_lookup_postcode(r, "SW1A-1AA", &pc));
    assert_false(cla_ref_lookup_postcode(r, "", &pc));
    assert_null(cla_ref_postcode(r, NULL));
    cla_ref_free(r);
}

static void test_postcodes_no_county_column(void **state)
{
    struct cla_ref *r = cla_ref_new();
    struct cla_postcode pc;
    char err[256];

    (void)state;
    /* no oscty: the district code stays; columns in any order, any case */
    assert_int_equal(load_pc(r, "OSLAUA,PCDS,OSNRTH1M,OSEAST1M\r\nE07000178,OX1 1AB,206000,451000\r\n", err,
                             sizeof err), 0);
    assert_true(cla_ref_lookup_postcode(r, "OX1 1AB", &pc));
    assert_string_equal(pc.la, "E07000178");
    assert_int_equal(pc.easting, 451000);
    cla_ref_free(r);
}

static void test_postcodes_errors(void **state)
{
    struct cla_ref *r = cla_ref_new();
    char err[256];

    (void)state;
    assert_int_equal(load_pc(r, "pcds,oseast1m,osnrth1m\nAB1 0AA,1,2\n", err, sizeof err), -1);
    assert_non_null(strstr(err, "pc.csv: line 1: no column 'oslaua'"));
    assert_int_equal(load_pc(r, "pcds,oseast1m,osnrth1m,oslaua\nAB1 0AA,12x,2,E09000001\n", err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "pc.csv: line 2: oseast1m is not a whole number"));
    assert_null(strstr(err, "12x"));    /* no value in a message */
    assert_int_equal(load_pc(r, "pcds,oseast1m,osnrth1m,oslaua\nAB1 0AA,1,2,E1\nNOT A POSTCODE,1,2,E1\n", err,
                             sizeof err), -1);
    assert_non_null(strstr(err, "line 3: pcds is not a postcode"));
    assert_int_equal(load_pc(r, "", err, sizeof err), -1);
    assert_non_null(strstr(err, "empty file"));
    assert_int_equal(load_pc(r, "\x7f" "ELF\x01\x02\x03\n\x00\x01garbage", err, sizeof err), -1);
    assert_non_null(strstr(err, "pc.csv"));
    assert_int_equal(cla_ref_load_postcodes(r, "/nonexistent/pc.csv", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/pc.csv: cannot open"));
    cla_ref_free(r);
}

static void test_postcodes_many(void **state)
{
    struct cla_ref *r = cla_ref_new();
    struct cla_postcode pc;
    char key[16];

    (void)state;
    /* enough to make the table grow several times */
    for (int i = 0; i < 50000; i++) {
        struct cla_postcode in = { .easting = i, .northing = 2 * i, .has_grid = true,
                                   .la = i % 2 ? "E09000001" : "E06000001" };
        snprintf(key, sizeof key, "Z%d %02dZ", i / 100, i % 100);
        cla_ref_add_postcode(r, key, &in);
    }
    for (int i = 0; i < 50000; i += 997) {
        snprintf(key, sizeof key, "z%d%02dz", i / 100, i % 100);
        assert_true(cla_ref_lookup_postcode(r, key, &pc));
        assert_int_equal(pc.northing, 2 * i);
        assert_string_equal(pc.la, i % 2 ? "E09000001" : "E06000001");
    }
    cla_ref_free(r);
}

static void test_providers_load(void **state)
{
    struct cla_ref *r = cla_ref_new();
    const struct cla_provider *p;
    char err[256];

    (void)state;
    assert_int_equal(load_prov(r,
                               "\xEF\xBB\xBFurn,Provider_Type,Places,PLACE_PROVIDER,la,reg_end,postcode,other\n"
                               "SC000001,Children's home,K1/K2,\"PR1, PR2\",E09000001,,zz1 1zz,x\n"
                               "\"SC000002\",\"Supported accommodation, \"\"large\"\"\",,PR4,,31/03/2025,,\n"
                               "SC000003,Children's home,,PR3,,2024-06-30,,\n"
                               "SC000001,duplicate,R3,PR5,,,,\n",
                               err, sizeof err), 0);
    assert_true(cla_ref_has_providers(r));
    p = cla_ref_provider(r, "sc000001");
    assert_non_null(p);
    assert_string_equal(p->places, "K1 K2");
    assert_string_equal(p->place_provider, "PR1 PR2");
    assert_string_equal(p->la, "E09000001");
    assert_string_equal(p->postcode, "ZZ1 1ZZ");
    assert_string_equal(p->provider_type, "Children's home");
    assert_int_equal(p->reg_end, SR_DATE_NONE);
    /* The URN's second row is chained to the first (241 reads every
     * premises), and the first stays the provider. */
    assert_non_null(p->next);
    assert_string_equal(p->next->places, "R3");
    assert_string_equal(p->next->urn, "SC000001");
    assert_null(p->next->next);
    p = cla_ref_provider(r, "SC000002");
    assert_null(p->next);
    assert_non_null(p);
    assert_string_equal(p->places, "K3");          /* from the type */
    assert_string_equal(p->provider_type, "Supported accommodation, \"large\"");
    assert_int_equal(p->reg_end, date_parse_dmy("31/03/2025"));
    assert_null(p->la);
    p = cla_ref_provider(r, "SC000003");
    assert_null(p->places);                          /* not known */
    assert_int_equal(p->reg_end, date_parse_dmy("30/06/2024"));
    assert_null(cla_ref_provider(r, "SC000004"));
    cla_ref_free(r);
}

static void test_providers_ofsted_names(void **state)
{
    struct cla_ref *r = cla_ref_new();
    const struct cla_provider *p;
    char err[256];

    (void)state;
    assert_int_equal(load_prov(r,
                               "URN,Local authority,Placement code,Placement provider code,Deregistration date,"
                               "Setting postcode\n"
                               "1234567,Somewhere,U1/U2,PR4,01/02/2025,AB1 0AA\n",
                               err, sizeof err), 0);
    p = cla_ref_provider(r, "1234567");
    assert_non_null(p);
    assert_string_equal(p->places, "U1 U2");
    assert_string_equal(p->place_provider, "PR4");
    assert_null(p->la);                              /* a name is not a code */
    assert_string_equal(p->postcode, "AB1 0AA");
    cla_ref_free(r);
}

static void test_providers_errors(void **state)
{
    struct cla_ref *r = cla_ref_new();
    char err[256];

    (void)state;
    assert_int_equal(load_prov(r, "ID,POSTCODE\n1,AB1 0AA\n", err, sizeof err), -1);
    assert_non_null(strstr(err, "prov.csv: line 1: no column 'URN'"));
    assert_int_equal(load_prov(r, "URN,REG_END\nSC1,31/02/2025\n", err, sizeof err), -1);
    assert_non_null(strstr(err, "prov.csv: line 2: REG_END is not a DD/MM/YYYY date"));
    assert_int_equal(load_prov(r, "URN,REG_END\nSC1,\n,01/01/2025\n", err, sizeof err), -1);
    assert_non_null(strstr(err, "line 3: URN is blank"));
    /* a quoted cell across lines counts its lines */
    assert_int_equal(load_prov(r, "URN,PROVIDER_TYPE,REG_END\nSC2,\"two\nlines\",\nSC3,x,bad\n", err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "line 4: REG_END"));
    assert_string_equal(cla_ref_provider(r, "SC2")->provider_type, "two\nlines");
    cla_ref_free(r);
}

static struct cla_ref *geo(void)
{
    struct cla_ref *r = cla_ref_new();
    struct cla_postcode h = { .easting = 500000, .northing = 200000, .has_grid = true, .la = "E09000001" };
    struct cla_postcode a = { .easting = 503000, .northing = 204000, .has_grid = true, .la = "E09000001" };
    struct cla_postcode b = { .easting = 500000, .northing = 200080, .has_grid = true, .la = "E10000025" };
    struct cla_postcode c = { .easting = 500000, .northing = 200241, .has_grid = true, .la = "E10000025" };
    struct cla_postcode s = { .easting = 300000, .northing = 700000, .has_grid = true, .la = "S12000033" };
    struct cla_postcode w = { .easting = 318000, .northing = 176000, .has_grid = true, .la = "W06000015" };
    struct cla_postcode n = { .easting = 0, .northing = 0, .has_grid = true, .la = "N09000003" };
    struct cla_postcode g = { .has_grid = false, .la = "E09000001" };
    struct cla_postcode j = { .easting = 0, .northing = 0, .has_grid = true, .la = "L99999999" };

    cla_ref_add_postcode(r, "HH1 1HH", &h);
    cla_ref_add_postcode(r, "AA1 1AA", &a);
    cla_ref_add_postcode(r, "BB1 1BB", &b);
    cla_ref_add_postcode(r, "CC1 1CC", &c);
    cla_ref_add_postcode(r, "SS1 1SS", &s);
    cla_ref_add_postcode(r, "CF1 1WW", &w);
    cla_ref_add_postcode(r, "BT1 1NN", &n);
    cla_ref_add_postcode(r, "GG1 1GG", &g);
    cla_ref_add_postcode(r, "JE1 1JJ", &j);
    return r;
}

static void test_derive_distance(void **state)
{
    struct cla_ref *r = geo();
    struct cla_derived d;

    (void)state;
    /* 3-4-5: 5000 m = 3.1069 miles -> 3.1 */
    cla_ref_derive(r, "E09000001", "hh11hh", "AA1 1AA", &d);
    assert_true(d.has_distance);
    assert_true(d.distance == 3.1);
    /* 80 m = 0.0497 miles -> 0.0; 241 m = 0.14975 -> 0.1; rounding */
    cla_ref_derive(r, NULL, "HH1 1HH", "BB1 1BB", &d);
    assert_true(d.distance == 0.0);
    cla_ref_derive(r, NULL, "HH1 1HH", "CC1 1CC", &d);
    assert_true(d.distance == 0.1);
    cla_ref_derive(r, NULL, "HH1 1HH", "HH11HH", &d);
    assert_true(d.has_distance && d.distance == 0.0);
    /* 999.9: home outside England, either postcode blank, no grid */
    cla_ref_derive(r, NULL, "SS1 1SS", "AA1 1AA", &d);
    assert_true(d.distance == 999.9);
    cla_ref_derive(r, NULL, NULL, "AA1 1AA", &d);
    assert_true(d.has_distance && d.distance == 999.9);
    cla_ref_derive(r, NULL, "HH1 1HH", NULL, &d);
    assert_true(d.has_distance && d.distance == 999.9);
    cla_ref_derive(r, NULL, "HH1 1HH", "GG1 1GG", &d);
    assert_true(d.distance == 999.9);
    /* placed in Scotland from an English home: a real distance */
    cla_ref_derive(r, NULL, "HH1 1HH", "SS1 1SS", &d);
    assert_true(d.distance == 334.6);   /* 538516 m */
    /* an unknown postcode: invalid */
    cla_ref_derive(r, NULL, "HH1 1HH", "ZZ9 9ZZ", &d);
    assert_true(d.has_distance && d.distance == CLA_DISTANCE_INVALID);
    cla_ref_derive(r, NULL, "ZZ9 9ZZ", "AA1 1AA", &d);
    assert_true(d.distance == CLA_DISTANCE_INVALID);
    /* neither given: blank */
    cla_ref_derive(r, NULL, NULL, NULL, &d);
    assert_false(d.has_distance);
    cla_ref_free(r);
}

static void test_derive_la(void **state)
{
    struct cla_ref *r = geo();
    struct cla_derived d;

    (void)state;
    cla_ref_derive(r, "E09000001", NULL, "AA1 1AA", &d);
    assert_string_equal(d.pl_la, "E09000001");
    assert_string_equal(d.pl_location, "IN");
    cla_ref_derive(r, "E09000001", NULL, "BB1 1BB", &d);
    assert_string_equal(d.pl_la, "E10000025");
    assert_string_equal(d.pl_location, "OUT");
    cla_ref_derive(r, "E09000001", NULL, "SS1 1SS", &d);
    assert_string_equal(d.pl_la, "SCO");
    assert_string_equal(d.pl_location, "OUT");
    cla_ref_derive(r, "E09000001", NULL, "CF1 1WW", &d);
    assert_string_equal(d.pl_la, "WAL");
    cla_ref_derive(r, "E09000001", NULL, "BT1 1NN", &d);
    assert_string_equal(d.pl_la, "NIR");
    cla_ref_derive(r, "E09000001", NULL, "JE1 1JJ", &d);
    assert_string_equal(d.pl_la, "NUK");
    /* own LA unknown: no location */
    cla_ref_derive(r, NULL, NULL, "AA1 1AA", &d);
    assert_string_equal(d.pl_la, "E09000001");
    assert_null(d.pl_location);
    /* blank or unknown placement postcode */
    cla_ref_derive(r, "E09000001", "HH1 1HH", NULL, &d);
    assert_null(d.pl_la);
    assert_null(d.pl_location);
    cla_ref_derive(r, "E09000001", "HH1 1HH", "ZZ9 9ZZ", &d);
    assert_null(d.pl_la);
    /* no directory at all */
    cla_ref_derive(NULL, "E09000001", "HH1 1HH", "AA1 1AA", &d);
    assert_null(d.pl_la);
    assert_true(d.has_distance);
    cla_ref_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postcodes_load),
        cmocka_unit_test(test_postcodes_no_county_column),
        cmocka_unit_test(test_postcodes_errors),
        cmocka_unit_test(test_postcodes_many),
        cmocka_unit_test(test_providers_load),
        cmocka_unit_test(test_providers_ofsted_names),
        cmocka_unit_test(test_providers_errors),
        cmocka_unit_test(test_derive_distance),
        cmocka_unit_test(test_derive_la),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
