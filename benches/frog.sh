#!/usr/bin/env bash
# Compares the Dutch NLP suite Frog (its named-entity tagger) with notulen's own
# entity tagger on a CoNLL-2002 file: entity P/R/F1 (conlleval-style, scored by
# `notulen eval ner --predicted`), tokens/second and peak RSS.
#
#   benches/frog.sh [CONLL_FILE]   (default ../shared/data/conll2002-nl/ned.testa,
#                                   relative to the repository root)
#
# Frog runs on the gold tokens (one sentence a line, its tokenizer skipped) with
# only the modules NER needs (POS tagger + NER); PRO and EVE map to MISC.
# FROG_THREADS sets Frog's --threads (default 1: notulen's tagger times one thread);
# FROG_KEEP=DIR keeps Frog's input, output and log and the predicted CoNLL file in DIR.
# Needs the release binary (cargo build --release); this script does not build.
set -euo pipefail
if ! command -v frog > /dev/null 2>&1; then
    echo "frog not installed: apt-get install frog frogdata" >&2
    exit 1
fi

if [[ $# -gt 0 ]]; then
    gold=$(realpath -m -- "$1")
fi
cd "$(dirname "$0")/.."
gold=${gold:-$(realpath -m ../shared/data/conll2002-nl/ned.testa)}
bin=$PWD/target/release/notulen
threads=${FROG_THREADS:-1}

[[ -f $gold ]] || { echo "no such CoNLL file: $gold" >&2; exit 1; }
[[ -x $bin ]] || { echo "$bin missing: run cargo build --release first" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. CoNLL -> one sentence a line, tokens separated by single spaces. A blank line
#    or a -DOCSTART- line ends a sentence (as notulen's reader does).
awk -v counts="$work/counts" '
function flush() { if (n) { print line; sentences++; n = 0; line = "" } }
NF == 0 || $1 == "-DOCSTART-" { flush(); next }
{ line = n ? line " " $1 : $1; n++; tokens++ }
END { flush(); printf "%d %d\n", tokens, sentences > counts }
' "$gold" > "$work/frog.in"
read -r tokens sentences < "$work/counts"
frog_version=$(frog -V 2>&1 || true)   # read it all: grep -m1 in a pipe can SIGPIPE frog
frog_version=$(grep -o -m1 'frog [0-9][0-9.]*' <<< "$frog_version" | head -n 1 || true)
frog_version=${frog_version:-frog}
echo "$gold: $tokens tokens, $sentences sentences"

# 2. Frog. -n: one sentence a line; --skip=t: no tokenizer, so tokens are split on
#    spaces only; --skip=mpcla: no multi-word units (they would glue tokens), parser,
#    chunker, lemmatiser or morphological analysis (not needed for NER).
frog_opts=(-n --skip=tmpcla --threads="$threads")
echo "running: frog ${frog_opts[*]} -t <sentences> -o <tsv>  (takes a few minutes)"
if ! (cd "$work" && /usr/bin/time -f "%e %M" -o frog.time \
        frog "${frog_opts[@]}" -t frog.in -o frog.out > frog.log 2>&1); then
    echo "frog failed; last lines of its log:" >&2
    tail -n 20 "$work/frog.log" >&2
    exit 1
fi
read -r frog_wall frog_rss < <(tail -n 1 "$work/frog.time")
# Frog's own timer ("Frogging in total took: 1 minutes, 2 seconds, 3 milliseconds
# and 4 microseconds"): processing without loading the models.
frog_proc=$(awk '/Frogging in total took/ {
    s = 0
    for (i = 1; i < NF; i++) if ($i ~ /^[0-9]+$/) {
        u = $(i + 1)
        if (u ~ /^hour/) s += $i * 3600
        else if (u ~ /^minute/) s += $i * 60
        else if (u ~ /^second/) s += $i
        else if (u ~ /^milli/) s += $i / 1000
        else if (u ~ /^micro/) s += $i / 1e6
    }
    printf "%.3f", s
}' "$work/frog.log")

# 3. Frog TSV (column 2 word, column 8 NER tag in frog 0.20, blank line after each
#    sentence) -> WORD TAG with exactly the gold tokens. Where Frog's tokens differ
#    in number from the gold tokens, a gold token takes the tag of the Frog token its
#    first character falls in (B- becomes I- inside a merged token).
awk -v pred="$work/frog.conll" -v report="$work/align" '
BEGIN { FS = "\t" }
FNR == NR { gold[++ng] = $0; next }
NF == 0 { if (k) { nf++; fk[nf] = k; k = 0 } next }
{
    if (NF < 8 || $8 !~ /^(O|[BI]-[A-Za-z]+)$/) {
        printf "unexpected Frog output, line %d: %s\n", FNR, $0 > "/dev/stderr"; bad = 1; exit 1
    }
    k++; fw[nf + 1, k] = $2; tag = $8
    if (tag != "O") {
        type = substr(tag, 3)
        if (substr(tag, 1, 1) == "B") raw[type]++
        if (type == "PRO" || type == "EVE") type = "MISC"
        else if (type != "PER" && type != "ORG" && type != "LOC" && type != "MISC") { other[type]++; type = "MISC" }
        tag = substr(tag, 1, 2) type
    }
    ft[nf + 1, k] = tag
}
END {
    if (bad) exit 1
    if (k) { nf++; fk[nf] = k }
    if (nf != ng) {
        printf "Frog returned %d sentences for %d input lines; cannot align\n", nf, ng > "/dev/stderr"; exit 1
    }
    for (s = 1; s <= ng; s++) {
        m = split(gold[s], g, " ")
        if (m == fk[s]) {
            for (i = 1; i <= m; i++) {
                if (g[i] != fw[s, i]) changed++
                print g[i], ft[s, i] > pred
            }
        } else {
            asent++
            j = 1; fs = 0; fe = length(fw[s, 1]); gs = 0
            for (i = 1; i <= m; i++) {
                ge = gs + length(g[i])
                while (j < fk[s] && fe <= gs) { j++; fs = fe; fe = fs + length(fw[s, j]) }
                t = ft[s, j]
                if (fs < gs && t ~ /^B-/) t = "I-" substr(t, 3)
                if (fs != gs || fe != ge) atok++
                print g[i], t > pred
                gs = ge
            }
        }
        print "" > pred
    }
    printf "alignment: %d tokens in %d sentences split or merged by Frog and aligned; %d tokens kept their position but Frog changed their form (character filter)\n", atok, asent, changed > report
    line = "Frog entity types (B- tags):"
    for (t in raw) line = line " " t "=" raw[t]
    line = line "; PRO and EVE counted as MISC"
    for (t in other) line = line "; unknown type " t " counted as MISC"
    print line > report
}
' "$work/frog.in" "$work/frog.out"
cat "$work/align"
if [[ -n ${FROG_KEEP:-} ]]; then
    mkdir -p "$FROG_KEEP"
    cp "$work"/frog.in "$work"/frog.out "$work"/frog.log "$work"/frog.conll "$FROG_KEEP"/
    echo "kept Frog input, output, log and predicted CoNLL file in $FROG_KEEP"
fi

# 4. Scores. Frog: its predictions against the gold file; notulen: its built-in model.
echo
echo "== $frog_version (frog ${frog_opts[*]}) =="
# (grep: some builds print a meaningless "tagging speed: 0 tokens/s" line here)
"$bin" eval ner "$gold" --predicted "$work/frog.conll" | grep -v '^tagging speed' || true
"$bin" eval ner "$gold" --predicted "$work/frog.conll" --json > "$work/frog.json"
echo
echo "== notulen (built-in model) =="
"$bin" eval ner "$gold"
/usr/bin/time -f "%e %M" -o "$work/notulen.time" "$bin" eval ner "$gold" --json > "$work/notulen.json"
read -r notulen_wall notulen_rss < <(tail -n 1 "$work/notulen.time")

# 5. Side by side. The JSON is pretty-printed, one key a line.
flatten() {
    awk '
    /^    "[A-Za-z]+": \{/ || /^  "overall": \{/ { gsub(/[":{ ]/, ""); sect = $0; next }
    /^  "[a-z_]+": [0-9.]+/ { sect = "" }
    /: [0-9.]+,?$/ { key = $1; gsub(/[":]/, "", key); v = $2; sub(/,$/, "", v)
                     print (sect == "" ? key : sect "." key), v }
    ' "$1"
}
flatten "$work/notulen.json" | sed 's/^/notulen./' > "$work/flat"
flatten "$work/frog.json" | sed 's/^/frog./' >> "$work/flat"
awk -v tokens="$tokens" -v fwall="$frog_wall" -v fproc="$frog_proc" -v frss="$frog_rss" \
    -v nwall="$notulen_wall" -v nrss="$notulen_rss" -v fname="$frog_version" -v threads="$threads" '
{ v[$1] = $2 }
function rate(t) { return t > 0 ? sprintf("%.0f", tokens / t) : "-" }
END {
    printf "\nsummary (%d tokens; entity-level exact match, micro-averaged)\n", tokens
    printf "%-8s | %7s %7s %7s | %7s %7s %7s\n", "", "notulen", "", "", fname, "", ""
    printf "%-8s | %7s %7s %7s | %7s %7s %7s\n", "type", "P", "R", "F1", "P", "R", "F1"
    n = split("PER ORG LOC MISC overall", types, " ")
    for (i = 1; i <= n; i++) {
        t = types[i]
        printf "%-8s | %7.2f %7.2f %7.2f | %7.2f %7.2f %7.2f\n", t,
            v["notulen." t ".precision"], v["notulen." t ".recall"], v["notulen." t ".f1"],
            v["frog." t ".precision"], v["frog." t ".recall"], v["frog." t ".f1"]
    }
    printf "\n%-44s %14s %14s\n", "", "notulen", fname
    printf "%-44s %14.0f %14s\n", "tokens/s, tagging only (one thread)", v["notulen.tokens_per_second"], rate(fproc) (threads == 1 ? "" : "*")
    printf "%-44s %14s %14s\n", "tokens/s, wall clock incl. model loading", rate(nwall), rate(fwall)
    printf "%-44s %14s %14s\n", "wall clock (s)", nwall, fwall
    printf "%-44s %14s %14s\n", "peak RSS (KiB)", nrss, frss
    if (threads != 1) printf "* frog --threads=%s\n", threads
    print "frog tagging only = tokens / Frog'"'"'s own \"Frogging in total took\" time (" fproc " s)"
}' "$work/flat"
