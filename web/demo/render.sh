# SPDX-License-Identifier: ISC — Rostra
# Renders the demo news page: reads an article text file (headline, blank,
# source, blank, paragraphs, "Tags" + tag lines, then the empty comment
# section that Rostra replaces) and writes a complete HTML5 page to stdout.
# Every piece of article text is HTML-escaped. POSIX sh + awk only.
# Usage: sh web/demo/render.sh ../shared/demo/article.txt > build/web/index.html
#        sh web/demo/render.sh web/demo/article.fr.txt fr > build/web/index.fr.html
# LANG (en, the default, or fr) sets the page's lang, its own words, the
# thread's key and the language of the comments included for readers
# without JavaScript; nginx serves the French page at /?lang=fr.

set -eu

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ] || [ ! -r "$1" ] || { [ "$#" -eq 2 ] && [ "$2" != en ] && [ "$2" != fr ]; }; then
	echo "usage: render.sh ARTICLE.txt [en|fr]" >&2
	exit 2
fi

# The page has no inline script or style: its Content-Security-Policy
# (nginx.conf.example) forbids them. Its own code is web/demo/demo.js (the
# ?article=KEY switch the tests use, the demo subscriber login) and its
# styles web/demo/demo.css, both served under /demo/.

# LC_ALL=C: awk works on bytes, so UTF-8 passes through untouched and the
# percent-encoding of tag links is byte-exact.
LC_ALL=C awk -v lang="${2:-en}" '
function esc(s) {
	gsub(/&/, "\\&amp;", s)
	gsub(/</, "\\&lt;", s)
	gsub(/>/, "\\&gt;", s)
	gsub(/"/, "\\&quot;", s)
	gsub(/\047/, "\\&#39;", s)
	return s
}
# Percent-encode everything but unreserved ASCII (RFC 3986).
function pct(s,    out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c ~ /[A-Za-z0-9._~-]/)
			out = out c
		else
			out = out sprintf("%%%02X", ord[c])
	}
	return out
}
function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}
BEGIN {
	for (i = 1; i < 256; i++)
		ord[sprintf("%c", i)] = i
	# The words of the page itself, by language; the article text brings the rest.
	split("date nav kicker by tags ssolabel sso ssobtn nl nlbtn about other otherhref otherlang key", k, " ")
	split("Independent demo edition|<li><a href=\"#\">World</a></li><li><a href=\"#\">Politics</a></li><li><a href=\"#\">Business</a></li><li><a href=\"#\">Science</a></li><li><a href=\"#\">Opinion</a></li>|World|By |Tags|Demo subscriber login|Demo: The Daily Rostra has its own subscriber login, which signs readers in to the comments too.|Sign in as a demo subscriber|Newsletter|Subscribe|The Daily Rostra is a demonstration page for the Rostra comment system.|Version française : commentaires et formulaires en français|/?lang=fr|fr|demo-golden-dome", en, "|")
	split("Édition de démonstration indépendante|<li><a href=\"#\">Monde</a></li><li><a href=\"#\">Politique</a></li><li><a href=\"#\">Économie</a></li><li><a href=\"#\">Sciences</a></li><li><a href=\"#\">Opinions</a></li>|Société|Par |Mots-clés|Connexion d’abonné de démonstration|Démo : The Daily Rostra a sa propre connexion d’abonné, qui connecte aussi les lecteurs aux commentaires.|Se connecter comme abonné de démonstration|Lettre d’information|S’abonner|The Daily Rostra est une page de démonstration du système de commentaires Rostra.|English version: comments and forms in English|/|en|demo-rue-ecoles", fr, "|")
	for (i in k)
		w[k[i]] = lang == "fr" ? fr[i] : en[i]
}
{
	sub(/\r$/, "")
	line[++n] = trim($0)
}
END {
	if (n == 0) {
		print "render.sh: empty article" > "/dev/stderr"
		exit 1
	}

	# The empty comment section at the end: a last "Comments (N)" line
	# followed only by the prompt and the call to action. It is cut off.
	last = n
	for (i = n; i >= 1; i--) {
		if (line[i] ~ /^Comments \([0-9]+\)$/) {
			last = i - 1
			break
		}
		if (line[i] != "" && line[i] != "What is your opinion on this topic?" &&
		    line[i] != "Leave the first comment" && line[i] != "Post comment")
			break
	}

	headline = line[1]
	for (i = 2; i <= last && line[i] == ""; i++)
		;
	source = ""
	if (i <= last && line[i] != "Tags")
		source = line[i++]

	np = 0; nt = 0; intags = 0; cur = ""
	for (; i <= last; i++) {
		if (intags) {
			if (line[i] != "")
				tag[++nt] = line[i]
		} else if (line[i] == "Tags") {
			intags = 1
		} else if (line[i] == "") {
			if (cur != "")
				para[++np] = cur
			cur = ""
		} else {
			cur = (cur == "" ? line[i] : cur "\n" line[i])
		}
	}
	if (cur != "")
		para[++np] = cur

	h = esc(headline)
	print "<!DOCTYPE html>"
	print "<!-- SPDX-License-Identifier: ISC — Rostra -->"
	print "<html lang=\"" lang "\">"
	print "<head>"
	print "<meta charset=\"utf-8\">"
	print "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	print "<title>" h " — The Daily Rostra</title>"
	if (np > 0)
		print "<meta name=\"description\" content=\"" esc(para[1]) "\">"
	print "<link rel=\"stylesheet\" href=\"/demo/demo.css\">"
	print "</head>"
	print "<body>"
	print "<header class=\"masthead\">"
	print "<p class=\"date\">" w["date"] "</p>"
	print "<a class=\"brand\" href=\"/\">The Daily Rostra</a>"
	print "<nav aria-label=\"Sections\"><ul>"
	print w["nav"]
	print "</ul></nav>"
	print "</header>"
	print "<main>"
	print "<article>"
	print "<p class=\"kicker\">" w["kicker"] "</p>"
	print "<h1>" h "</h1>"
	if (source != "")
		print "<p class=\"byline\">" w["by"] esc(source) "</p>"
	for (i = 1; i <= np; i++)
		print (i == 1 ? "<p class=\"lede\">" : "<p>") esc(para[i]) "</p>"
	print "</article>"
	if (nt > 0) {
		print "<section class=\"tags\" aria-labelledby=\"tags-h\">"
		print "<h2 id=\"tags-h\">" w["tags"] "</h2>"
		print "<ul>"
		for (i = 1; i <= nt; i++)
			print "<li><a href=\"/tags/" pct(tag[i]) "\">" esc(tag[i]) "</a></li>"
		print "</ul>"
		print "</section>"
	}
	print "<aside class=\"demo-sso\" id=\"demo-sso\" aria-label=\"" w["ssolabel"] "\" hidden>"
	print "<p>" w["sso"] "</p>"
	print "<button type=\"button\" id=\"demo-sso-go\">" w["ssobtn"] "</button>"
	print "<p id=\"demo-sso-note\" role=\"status\"></p>"
	print "</aside>"
	# The first page of the thread, rendered by the daemon and included by
	# nginx (SSI, nginx.conf.example): comments without JavaScript.
	print "<!--# block name=\"rostra_none\" --><!--# endblock -->"
	print "<div id=\"comments\" data-rostra-article=\"" w["key"] "\"><!--# include virtual=\"/comments/ssi/$rostra_demo_article?lang=" lang "\" stub=\"rostra_none\" --></div>"
	# Before embed.js, which reads the placeholder that demo.js may change.
	print "<script src=\"/demo/demo.js\"></script>"
	print "</main>"
	print "<footer>"
	print "<div class=\"newsletter\"><label for=\"nl\">" w["nl"] "</label> <input id=\"nl\" type=\"email\" placeholder=\"you@example.org\"> <button type=\"button\">" w["nlbtn"] "</button></div>"
	print "<p>" w["about"] "</p>"
	print "<p><a href=\"" w["otherhref"] "\" hreflang=\"" w["otherlang"] "\" lang=\"" w["otherlang"] "\">" w["other"] "</a></p>"
	print "</footer>"
	print "<script src=\"/comments/embed.js\" async></script>"
	print "</body>"
	print "</html>"
}
' "$1"
