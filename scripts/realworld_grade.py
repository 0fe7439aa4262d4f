"""Compares profilescan's JSON reports with the labels of tests/realworld/.

Called by scripts/realworld.sh grade.  A name is one item per file: labelled
P (protected: nationality, ethnicity, origin) or X (proxy), or not flagged
(N, or not listed).  Religion (R) is an optional pack and is left out.  String
literals, exception comments and flows are not declarations and are left out.
"""
import csv
import json
import os
import sys

PROTECTED = {"nationality", "ethnicity", "origin"}
NOT_DECLARATIONS = {"string-literal", "comment"}


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r and not r[0].startswith("#")]
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body]


def found_classes(report):
    found = {}
    for f in report["findings"]:
        if f["kind"] in NOT_DECLARATIONS or f["category"] not in PROTECTED | {"proxy"}:
            continue
        cls = "P" if f["category"] in PROTECTED else "X"
        found.setdefault(f["name"], {}).setdefault(cls, f)
    return found


def selectors_as_labelled(found, labels):
    """An Objective-C method is reported by its selector (setAd:veSoyad:); a
    label names it without the colons, or by one of its keywords."""
    for name in [n for n in found if ":" in n]:
        keywords = [k for k in name.split(":") if k]
        for key in [name.replace(":", "")] + [name.rstrip(":")] + keywords[::-1]:
            if key in labels:
                for cls, finding in found.pop(name).items():
                    found.setdefault(key, {}).setdefault(cls, finding)
                break
    return found


def main(corpus, reports, set_name):
    manifest = read_tsv(os.path.join(corpus, "manifest.tsv"))
    tally = {c: {"tp": 0, "fp": 0, "fn": 0} for c in "PX"}
    misses, false_positives, files = [], [], 0
    for entry in manifest:
        report_path = os.path.join(reports, entry["id"] + ".json")
        if set_name != "all" and entry["set"] != set_name:
            continue
        if not os.path.exists(report_path):
            print(f"{entry['id']}: no report", file=sys.stderr)
            continue
        files += 1
        with open(report_path, encoding="utf-8") as f:
            found = found_classes(json.load(f))
        labels = {r["name"]: r for r in read_tsv(os.path.join(corpus, "labels", entry["id"] + ".tsv"))}
        found = selectors_as_labelled(found, labels)
        for name, label in labels.items():
            if label["label"] not in "PX":
                continue
            cls = label["label"]
            if cls in found.get(name, {}):
                tally[cls]["tp"] += 1
            else:
                tally[cls]["fn"] += 1
                misses.append((entry["id"], cls, label["kind"], name, label.get("note", "")))
        for name, classes in found.items():
            label = labels.get(name, {}).get("label", "-")
            if label == "R":
                continue
            for cls, finding in classes.items():
                if label != cls:
                    tally[cls]["fp"] += 1
                    false_positives.append((entry["id"], cls, finding["kind"], name,
                                            finding["rule"], finding["line"], label))
    def ratio(a, b):
        return a / b if b else 1.0
    print(f"set {set_name}: {files} files")
    for cls, title in (("P", "protected"), ("X", "proxy")):
        t = tally[cls]
        print(f"  {title:9} recall {ratio(t['tp'], t['tp'] + t['fn']):.3f} "
              f"({t['tp']}/{t['tp'] + t['fn']})  precision "
              f"{ratio(t['tp'], t['tp'] + t['fp']):.3f} ({t['tp']}/{t['tp'] + t['fp']})")
    tp = sum(t["tp"] for t in tally.values())
    fp = sum(t["fp"] for t in tally.values())
    print(f"  all       precision {ratio(tp, tp + fp):.3f} ({tp}/{tp + fp})")
    for m in misses:
        print("  missed         %s %s %-13s %s  (%s)" % m)
    for m in false_positives:
        print("  false positive %s %s %-13s %s  %s line %s, labelled %s" % m)


if __name__ == "__main__":
    main(*sys.argv[1:4])
