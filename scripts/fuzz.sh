#!/usr/bin/env bash
# Runs the libFuzzer harnesses (built by `make fuzz-build` in build-fuzz/fuzz/)
# from the repository root, each on a seed corpus made from the fixtures.
#
#   scripts/fuzz.sh --runs N       each target for N inputs (make check's smoke test)
#   scripts/fuzz.sh --seconds S    each target for S seconds (make fuzz: 600)
#
# New inputs a run finds go to build-fuzz/corpus/<target>/ (kept between
# runs, never in the repository); a crash leaves its input in
# build-fuzz/crashes/ and fails the script.  Prints one line per target:
# the inputs run and the time taken.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:---runs}
amount=${2:-200}
B=build-fuzz
export STATRETURN_DATADIR="$PWD"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

seed() {   # seed TARGET: fills $B/seeds/TARGET from the fixtures
    local d="$B/seeds/$1" i=0 f
    rm -rf "$d"
    mkdir -p "$d"
    case "$1" in
    fuzz_cin_xml) cp tests/data/*.xml fixtures/golden/cin_*.xml "$d"/ ;;
    fuzz_903_xml) for f in fixtures/golden/cla_*/*.xml; do cp "$f" "$d/$((i++)).xml"; done ;;
    fuzz_903_csv) for f in fixtures/golden/cla_*/*.csv; do head -c 20000 "$f" >"$d/$((i++)).csv"; done ;;
    fuzz_families_csv) cp fixtures/golden/families_*.csv "$d"/ ;;
    fuzz_csc_api)   # a payload batch of made-up children, as build csc-api writes them
        printf '%s\n' '[{"la_child_id":"C0000001","child_details":{"first_name":"Ythgax","surname":"Belzel","date_of_birth":"2021-03-14","sex":"M","ethnicity":"WOTH","disabilities":["NONE"],"postcode":"YY5 9PJ","uasc_flag":false},"social_care_episodes":[{"social_care_episode_id":"R00000010","referral_date":"2022-08-17","referral_source":"3F","referral_no_further_action_flag":false,"child_and_family_assessments":[{"child_and_family_assessment_id":"A1","start_date":"2022-08-21","factors":["3B","2B"]}]}]},{"la_child_id":"C0000002","purge":true}]' \
            '[{"la_child_id":"L0000003","child_details":{"unique_pupil_number":"T201117260391","first_name":"Kesyra","surname":"Halzib","date_of_birth":"2009-03-31","sex":"F","ethnicity":"WBRI","disabilities":["NONE"],"uasc_flag":true,"uasc_end_date":"2023-01-03"},"health_and_wellbeing":{"sdq_assessments":[{"date":"2024-07-21","score":13}]}}]' >"$d/batch.jsonl" ;;
    fuzz_reference)
        printf '\0URN,POSTCODE,PROVIDER_TYPE,PLACES,PLACE_PROVIDER,LA,REG_END\r\nSC000001,ZY2 2AB,Children'"'"'s home,K2,PR1,E09000027,\r\nSC000002,"ZY3 3AB",,U1 U2/U3,PR4,,31/03/2025\r\n' >"$d/providers"
        printf '\1pcds,oseast1m,osnrth1m,oslaua,oscty\nZY1 1AB,530000,180000,E09000027,E99999999\n"ZY2 2AB",531000,181000,E09000028,\n' >"$d/postcodes" ;;
    fuzz_config)
        printf 'la = 201\ndsn = service=ssd_replica\nschema = ssd   # comment\noutput_dir = /srv/returns\nkey_file.dfe = /etc/statreturn/keys/dfe.key\nstatement_timeout = 600\nserial_no=001\n' >"$d/conf" ;;
    fuzz_policy)
        for f in specs/cin/policy_*.conf; do { printf '\0'; cat "$f"; } >"$d/$((i++)).policy"; done
        { printf '\1'; cat specs/families/layout_nis.conf; } >"$d/nis.layout"
        { printf '\3'; cat specs/families/layout_fpd.conf; } >"$d/fpd.layout" ;;
    esac
}

status=0
mkdir -p "$B/crashes"
for bin in "$B"/fuzz/fuzz_*; do
    t=$(basename "$bin")
    seed "$t"
    mkdir -p "$B/corpus/$t"
    if [ "$mode" = --seconds ]; then limit=(-max_total_time="$amount"); else limit=(-runs="$amount"); fi
    log="$B/fuzz-$t.log"
    start=$(date +%s)
    if "$bin" "${limit[@]}" -close_fd_mask=3 -timeout=20 -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="$B/crashes/$t-" "$B/corpus/$t" "$B/seeds/$t" >"$log" 2>&1; then
        runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
        echo "fuzz: $t: $runs inputs in $(( $(date +%s) - start )) s, no finding"
    else
        echo "fuzz: $t: FINDING (see $log and $B/crashes/)" >&2
        grep -E 'ERROR|runtime error|SUMMARY' "$log" | head -5 >&2
        status=1
    fi
done
exit $status
