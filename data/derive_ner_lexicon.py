#!/usr/bin/env python3
"""Derive data/ner-lexicon-nl.tsv: word features from unlabelled Dutch text for the NER tagger.

Sources (installed with the ordinary clients, nothing else is downloaded):
  * wordfreq 3.1.1 (PyPI `pip install wordfreq==3.1.1`): Dutch 'large' frequency list.
    Code Apache-2.0, data CC-BY-SA 4.0.
  * wdutch (Debian `apt-get install wdutch`): /usr/share/dict/dutch, OpenTaal word list, GPL-2.

Output, one line a word, sorted by word (byte order), UTF-8, tab separated:
  word  zipf10  flags
where word is lower case, zipf10 is round(10 * wordfreq Zipf frequency) (0 = not in the
list) and flags holds 'l' when wdutch lists the word in lower case and 'c' when it lists it
capitalised (a proper-noun spelling such as "Amsterdam"); '-' when neither.
"""
import sys
import wordfreq

TOP_N = int(sys.argv[1]) if len(sys.argv) > 1 else 120000
DICT = "/usr/share/dict/dutch"

entries = {}
for w in wordfreq.top_n_list("nl", TOP_N, wordlist="large"):
    if "\t" in w or " " in w:
        continue
    entries[w] = [round(10 * wordfreq.zipf_frequency(w, "nl", wordlist="large")), set()]

with open(DICT, encoding="utf-8") as f:
    for line in f:
        w = line.strip()
        if not w or " " in w or "\t" in w:
            continue
        low = w.lower()
        if w == low:
            if low in entries:
                entries[low][1].add("l")
        elif w[0].isupper():
            e = entries.setdefault(low, [0, set()])
            e[1].add("c")

out = sys.stdout
out.write("# word\tzipf10\tflags  (see data/README.md)\n")
for w in sorted(entries, key=lambda s: s.encode("utf-8")):
    z, fl = entries[w]
    out.write(f"{w}\t{z}\t{''.join(sorted(fl)) or '-'}\n")
