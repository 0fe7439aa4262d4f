#!/bin/sh
# The HTML report in a real browser: Debian's chromium, headless, renders
# the report of the bundled example (configured here for its compilation
# database, as README's demo scans it) and of the golden fixture whose
# literal, justification and file name are markup, and the DOM it built
# must hold the tables, the graph and the counts, no element made of the
# payload, and the mark the report's script sets when it ran to its end;
# the browser's console must show no uncaught error.
#
#   browser.sh PROFILESCAN CMAKE SOURCE_DIR WORK_DIR [SCREENSHOT.png]
#
# With SCREENSHOT, the example's report is also photographed there (this is
# how docs/html-report.png is made).
set -u
case $1 in /*) profilescan=$1 ;; *) profilescan=$(pwd)/$1 ;; esac
cmake=$2
source_dir=$3
work=$4
screenshot=${5:-}

chromium=$(command -v chromium || command -v chromium-browser) || {
	echo "browser.sh: chromium is not installed; scripts/install-deps.sh installs it" >&2
	exit 1
}
rm -rf "$work"
mkdir -p "$work" || exit 1
fail=0
check() { # what, then a command that must succeed
	what=$1
	shift
	if "$@"; then :; else
		echo "browser.sh: FAIL: $what" >&2
		fail=1
	fi
}

# A profile of its own, so that nothing is read from or written to $HOME.
browse() { # DOM-file LOG-file then chromium's own options and the URL
	dom=$1 log=$2
	shift 2
	timeout 25 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$work/profile" --enable-logging=stderr --v=0 "$@" \
		> "$dom" 2> "$log"
}

"$cmake" -S "$source_dir/examples" -B "$work/examples" > "$work/cmake.log" 2>&1 || {
	cat "$work/cmake.log" >&2
	exit 1
}
cd "$source_dir" || exit 1
"$profilescan" -p "$work/examples" --format html -o "$work/example.html" 2> "$work/example.err"
[ $? -eq 1 ] || { echo "browser.sh: the example's scan did not exit 1" >&2; cat "$work/example.err" >&2; exit 1; }
browse "$work/example.dom" "$work/example.log" --dump-dom "file://$work/example.html" || {
	echo "browser.sh: chromium failed on the example's report" >&2
	cat "$work/example.log" >&2
	exit 1
}
dom=$work/example.dom
# The counts the command printed, "N errors, N warnings, N notes", are the
# open ones of the page's totals.
counts=$(sed -n 's/^profilescan: [0-9]* findings* (\([0-9]*\) errors*, \([0-9]*\) warnings*, \([0-9]*\) notes*.*/\1 \2 \3/p' "$work/example.err")
set -- $counts
check "the command's summary was read" test $# -eq 3
check "the totals match the command's ($counts)" \
	grep -Eq "<p id=\"totals\">[0-9]+ findings \\(open: ${1:-x} errors?, ${2:-x} warnings?, ${3:-x} notes?;" "$dom"
check "the script ran to its end" grep -q '<body data-ready="1">' "$dom"
check "the chart of counts" grep -q '<svg id="counts-chart"' "$dom"
check "the table of counts" grep -q '<table id="counts">' "$dom"
check "the table of sinks" grep -q '<table id="sinks-table"' "$dom"
check "the graph" grep -q '<svg id="feeds-graph"' "$dom"
check "edges in the graph" grep -q '<path class="edge"' "$dom"
for category in nationality origin proxy flow; do
	check "the $category table" grep -q "<table id=\"table-$category\" class=\"sortable inventory\">" "$dom"
done
check "source lines of the steps" grep -q '<pre class="src">' "$dom"
check "no console error in the example" sh -c "! grep -q 'CONSOLE.*Uncaught' '$work/example.log'"

# Sorting and filtering, driven by a script added to a copy of the page:
# the proxy table by line, twice (descending), then filtered by a file.
sed 's|</body>|<script src="interact.js"></script></body>|' "$work/example.html" \
	> "$work/interact.html"
cat > "$work/interact.js" <<'JS'
var t = document.getElementById('table-proxy'), th = t.tHead.rows[0].cells[1];
th.click(); th.click();
var rows = Array.prototype.slice.call(t.tBodies[0].rows);
var lines = rows.map(function(r) { return +r.cells[1].textContent; });
var sorted = lines.every(function(v, i) { return i === 0 || lines[i - 1] >= v; });
var f = document.querySelector('input[data-table="table-proxy"]');
f.value = 'RISICO.H';
f.dispatchEvent(new Event('input'));
var shown = rows.filter(function(r) { return !r.hidden; });
var kept = shown.length > 0 && shown.length < rows.length && shown.every(function(r) {
	return r.cells[0].textContent.indexOf('risico.h') >= 0; });
document.body.setAttribute('data-interaction', (sorted ? 'sorted' : 'unsorted') + ' ' +
                           (kept ? 'filtered' : 'unfiltered'));
JS
browse "$work/interact.dom" "$work/interact.log" --dump-dom "file://$work/interact.html"
check "sorting by line and filtering by file" \
	grep -q 'data-interaction="sorted filtered"' "$work/interact.dom"

cd "$source_dir/tests/golden/cases/html-escape" || exit 1
"$profilescan" --format html -o "$work/payload.html" . 2> "$work/payload.err"
[ $? -eq 1 ] || { echo "browser.sh: the payload's scan did not exit 1" >&2; cat "$work/payload.err" >&2; exit 1; }
browse "$work/payload.dom" "$work/payload.log" --dump-dom "file://$work/payload.html" || {
	echo "browser.sh: chromium failed on the payload's report" >&2
	exit 1
}
dom=$work/payload.dom
check "the payload's script ran to its end" grep -q '<body data-ready="1">' "$dom"
check "no element made of the payload" sh -c "! grep -qi '<img' '$dom'"
check "the payload shown as text" grep -q '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;' "$dom"
check "no console error with the payload" sh -c "! grep -q 'CONSOLE' '$work/payload.log'"

if [ -n "$screenshot" ]; then
	cd "$work" || exit 1
	browse /dev/null "$work/screenshot.log" --hide-scrollbars --window-size=1280,2000 \
		--screenshot="$screenshot" "file://$work/example.html"
	check "the screenshot" test -s "$screenshot"
fi
[ $fail -eq 0 ] && echo "browser.sh: the HTML reports render, with their tables, graph and counts"
exit $fail
