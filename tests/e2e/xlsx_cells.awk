# The cells of an .xlsx worksheet, one a line: reference, kind (text or
# number), value (shared and inline strings resolved, XML entities
# undone), number format ("" for General). Input: the worksheet XML,
# xl/sharedStrings.xml and xl/styles.xml (as unzip -p writes them) given
# as files in the order styles, strings, sheet:
#   awk -f xlsx_cells.awk styles.xml strings.xml sheet1.xml
function unxml(s) {
	gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'", s)
	gsub(/&amp;/, "\\&", s)
	return s
}
function attr(tag, name,   m) {
	if (match(tag, " " name "=\"[^\"]*\"")) { m = substr(tag, RSTART, RLENGTH); sub(/^[^"]*"/, "", m); sub(/"$/, "", m); return m }
	return ""
}
BEGIN { RS = "<"; file = 0 }
{ file = FILENAME == ARGV[1] ? 1 : FILENAME == ARGV[2] ? 2 : 3 }
# styles: numFmt codes by id, then the cellXfs list in order
file == 1 && /^numFmt / { fmt[attr($0, "numFmtId")] = unxml(attr($0, "formatCode")) }
file == 1 && /^cellXfs/ { inxf = 1; nxf = 0 }
file == 1 && /^\/cellXfs/ { inxf = 0 }
file == 1 && inxf && /^xf / { xf[nxf++] = attr($0, "numFmtId") }
# shared strings: the text runs of each <si>
file == 2 && /^si>/ { ns++ }
file == 2 && /^t[ >]/ { sub(/^t[^>]*>/, ""); ss[ns - 1] = ss[ns - 1] $0 }
# the sheet
file == 3 && /^c / { ref = attr($0, "r"); t = attr($0, "t"); s = attr($0, "s"); val = ""; incell = 1
	if ($0 ~ /\/>$/) { incell = 0 } }
file == 3 && incell && /^v>/ { sub(/^v>/, ""); val = $0 }
file == 3 && incell && /^t[ >]/ { sub(/^t[^>]*>/, ""); val = val $0 }
file == 3 && incell && /^\/c>/ {
	id = s == "" ? 0 : xf[s + 0]
	f = (id in fmt) ? fmt[id] : (id == 14 ? "yyyy-mm-dd" : id == 10 ? "0.00%" : id == 9 ? "0%" : "")
	if (t == "s") print ref "\ttext\t" unxml(ss[val + 0]) "\t" f
	else if (t == "inlineStr" || t == "str") print ref "\ttext\t" unxml(val) "\t" f
	else print ref "\tnumber\t" val "\t" f
	incell = 0
}
