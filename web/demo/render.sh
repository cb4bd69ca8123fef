# SPDX-License-Identifier: ISC — Rostra
# Renders the demo news page: reads an article text file (headline, blank,
# source, blank, paragraphs, "Tags" + tag lines, then the empty comment
# section that Rostra replaces) and writes a complete HTML5 page to stdout.
# Every piece of article text is HTML-escaped. POSIX sh + awk only.
# Usage: sh web/demo/render.sh ../shared/demo/article.txt > build/web/index.html

set -eu

if [ "$#" -ne 1 ] || [ ! -r "$1" ]; then
	echo "usage: render.sh ARTICLE.txt" >&2
	exit 2
fi

# Demo only: /?article=KEY shows (and posts to) another article's comments,
# so each browser test can use a thread of its own. It runs before embed.js,
# which reads the attribute.
ROSTRA_DEMO_ARTICLE=$(cat <<'EOF'
<script>
(function () {
	var key = new URLSearchParams(location.search).get("article");
	var el = document.querySelector("[data-rostra-article]");
	if (key && el && /^[A-Za-z0-9._:~-]{1,128}$/.test(key))
		el.setAttribute("data-rostra-article", key);
})();
</script>
EOF
)

# The news site's own login, played by the demo: its backend would hand a
# signed-in subscriber a single sign-on token; here a demo route mints one
# and the page passes it to the embed. The bar shows only when that route
# is on: a GET answers 204 then and 404 when the operator has not enabled
# the demo, minting nothing; a 404 to the POST hides it again.
ROSTRA_DEMO_SSO=$(cat <<'EOF'
<script>
(function () {
	var url = "/comments/api/v1/demo/sso-token";
	var bar = document.getElementById("demo-sso");
	var go = document.getElementById("demo-sso-go");
	var note = document.getElementById("demo-sso-note");
	var gone = function (r) {
		bar.hidden = r.status === 404;
		return bar.hidden;
	};
	fetch(url, { cache: "no-store" }).then(gone, function () {});
	go.addEventListener("click", function () {
		go.disabled = true;
		note.textContent = "Signing in\u2026";
		fetch(url, {
			method: "POST",
			headers: { "Accept": "application/json", "X-Rostra-CSRF": "1" }
		}).then(function (r) {
			if (gone(r))
				return null;
			if (!r.ok)
				throw new Error("The demo login failed (HTTP " + r.status + ").");
			return r.json().then(function (d) {
				if (!window.Rostra)
					throw new Error("The comments have not loaded yet; please try again.");
				return window.Rostra.signIn(d.token);
			});
		}).then(function (user) {
			note.textContent = user ? "Signed in as " + user.display_name + "." : "";
		}, function (e) {
			note.textContent = e.message;
		}).then(function () {
			go.disabled = false;
		});
	});
})();
</script>
EOF
)
export ROSTRA_DEMO_ARTICLE ROSTRA_DEMO_SSO

# LC_ALL=C: awk works on bytes, so UTF-8 passes through untouched and the
# percent-encoding of tag links is byte-exact.
LC_ALL=C awk '
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
	print "<html lang=\"en\">"
	print "<head>"
	print "<meta charset=\"utf-8\">"
	print "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	print "<title>" h " — The Daily Rostra</title>"
	if (np > 0)
		print "<meta name=\"description\" content=\"" esc(para[1]) "\">"
	print "<style>"
	print "/* Deliberately opinionated host styles: none of them may reach the"
	print "   comment section, which lives in a shadow root. */"
	print "* { box-sizing: border-box; margin: 0; padding: 0; }"
	print "html { background: #f4f1ea; }"
	print "body { font-family: Georgia, \"Times New Roman\", Times, serif; color: #1a1a1a; line-height: 1.6; }"
	print "a { color: #8a1c1c; }"
	print ".masthead { background: #fffdf8; border-bottom: 4px double #1a1a1a; text-align: center; padding: 1.2rem 1rem .6rem; }"
	print ".masthead .date { font: italic .85rem Georgia, serif; color: #555; text-align: center; margin: 0; }"
	print ".brand { display: block; font: 700 clamp(2rem, 7vw, 3.6rem)/1.1 Georgia, serif; letter-spacing: .02em; color: #111; text-decoration: none; margin: .2rem 0 .5rem; }"
	print "nav ul { list-style: none; display: flex; flex-wrap: wrap; justify-content: center; gap: .2rem 1.4rem; border-top: 1px solid #1a1a1a; padding: .5rem 0 0; }"
	print "nav a { color: #1a1a1a; text-decoration: none; font: 700 .8rem/1.4 Helvetica, Arial, sans-serif; text-transform: uppercase; letter-spacing: .12em; }"
	print "main { background: #fffdf8; max-width: 44rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }"
	print ".kicker { font: 700 .8rem Helvetica, Arial, sans-serif; text-transform: uppercase; letter-spacing: .15em; color: #8a1c1c; margin-bottom: .6rem; }"
	print "h1 { font: 700 clamp(1.7rem, 4.5vw, 2.5rem)/1.2 Georgia, serif; margin-bottom: 1rem; }"
	print "h2 { font: 700 1rem Helvetica, Arial, sans-serif; text-transform: uppercase; letter-spacing: .2em; color: #8a1c1c; border-bottom: 1px dotted #8a1c1c; margin: 2rem 0 .8rem; }"
	print ".byline { font: italic 1rem Georgia, serif; color: #555; border-top: 1px solid #ccc; border-bottom: 1px solid #ccc; padding: .4rem 0; margin-bottom: 1.6rem; }"
	print "p { font-family: Georgia, \"Times New Roman\", serif; font-size: 1.15rem; line-height: 1.75; margin-bottom: 1.2rem; color: #222; }"
	print ".lede::first-letter { float: left; font-size: 3.6rem; line-height: .9; padding: .3rem .5rem 0 0; color: #8a1c1c; }"
	print "section { border-top: 2px solid #1a1a1a; padding-top: 1rem; margin-top: 2rem; }"
	print ".tags ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; }"
	print ".tags a { display: inline-block; font: .85rem Helvetica, Arial, sans-serif; padding: .2rem .7rem; border: 1px solid #8a1c1c; border-radius: 1rem; text-decoration: none; }"
	print "button { background: #c4161c; color: #fff; border: 0; border-radius: 0; font: 700 .8rem Helvetica, Arial, sans-serif; text-transform: uppercase; letter-spacing: .1em; padding: .5rem 1.2rem; }"
	print "input, textarea { font: 1rem Georgia, serif; border: 2px solid #c4161c; background: #fff7e6; padding: .3rem; }"
	print "label { font-style: italic; text-transform: uppercase; }"
	print "time { color: #c4161c; font-weight: 700; }"
	print "footer { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; text-align: center; }"
	print "footer p { font-size: .85rem; text-align: center; color: #666; }"
	print ".newsletter { display: flex; gap: .5rem; justify-content: center; align-items: center; margin-bottom: 1rem; }"
	print ".demo-sso { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin-top: 2rem; padding: .7rem .9rem; background: #fff3c4; border: 1px dashed #8a1c1c; font: .9rem/1.4 Helvetica, Arial, sans-serif; }"
	print ".demo-sso[hidden] { display: none; }"
	print ".demo-sso p { font: inherit; margin: 0; color: #333; }"
	# The comments included for readers without JavaScript: the site styles them.
	print ".rostra-ssr { margin-top: 2rem; font: 1rem/1.5 Helvetica, Arial, sans-serif; }"
	print ".rostra-ssr h2 { font-size: 1.3rem; margin-bottom: 1rem; }"
	print ".rostra-ssr ol { list-style: none; }"
	print ".rostra-ssr-comment { margin: .9rem 0; }"
	print ".rostra-ssr-replies { margin-left: 1.25rem; padding-left: .9rem; border-left: 2px solid #ccc; }"
	print ".rostra-ssr-meta { font-size: .9rem; color: #555; }"
	print ".rostra-ssr-author { color: #111; }"
	print ".rostra-ssr-text p, .rostra-ssr-text blockquote, .rostra-ssr-text ul { margin: .3rem 0; }"
	print ".rostra-ssr-text blockquote { padding-left: .8rem; border-left: 3px solid #ccc; color: #444; }"
	print ".rostra-ssr-removed, .rostra-ssr-more, .rostra-ssr-next { color: #555; font-style: italic; }"
	print "</style>"
	print "</head>"
	print "<body>"
	print "<header class=\"masthead\">"
	print "<p class=\"date\">Independent demo edition</p>"
	print "<a class=\"brand\" href=\"/\">The Daily Rostra</a>"
	print "<nav aria-label=\"Sections\"><ul>"
	print "<li><a href=\"#\">World</a></li><li><a href=\"#\">Politics</a></li><li><a href=\"#\">Business</a></li><li><a href=\"#\">Science</a></li><li><a href=\"#\">Opinion</a></li>"
	print "</ul></nav>"
	print "</header>"
	print "<main>"
	print "<article>"
	print "<p class=\"kicker\">World</p>"
	print "<h1>" h "</h1>"
	if (source != "")
		print "<p class=\"byline\">By " esc(source) "</p>"
	for (i = 1; i <= np; i++)
		print (i == 1 ? "<p class=\"lede\">" : "<p>") esc(para[i]) "</p>"
	print "</article>"
	if (nt > 0) {
		print "<section class=\"tags\" aria-labelledby=\"tags-h\">"
		print "<h2 id=\"tags-h\">Tags</h2>"
		print "<ul>"
		for (i = 1; i <= nt; i++)
			print "<li><a href=\"/tags/" pct(tag[i]) "\">" esc(tag[i]) "</a></li>"
		print "</ul>"
		print "</section>"
	}
	print "<aside class=\"demo-sso\" id=\"demo-sso\" aria-label=\"Demo subscriber login\" hidden>"
	print "<p>Demo: The Daily Rostra has its own subscriber login, which signs readers in to the comments too.</p>"
	print "<button type=\"button\" id=\"demo-sso-go\">Sign in as a demo subscriber</button>"
	print "<p id=\"demo-sso-note\" role=\"status\"></p>"
	print "</aside>"
	# The first page of the thread, rendered by the daemon and included by
	# nginx (SSI, nginx.conf.example): comments without JavaScript.
	print "<!--# block name=\"rostra_none\" --><!--# endblock -->"
	print "<div id=\"comments\" data-rostra-article=\"demo-golden-dome\"><!--# include virtual=\"/comments/ssi/$rostra_demo_article?lang=en\" stub=\"rostra_none\" --></div>"
	print ENVIRON["ROSTRA_DEMO_ARTICLE"]
	print "</main>"
	print "<footer>"
	print "<div class=\"newsletter\"><label for=\"nl\">Newsletter</label> <input id=\"nl\" type=\"email\" placeholder=\"you@example.org\"> <button type=\"button\">Subscribe</button></div>"
	print "<p>The Daily Rostra is a demonstration page for the Rostra comment system.</p>"
	print "</footer>"
	print "<script src=\"/comments/embed.js\" async></script>"
	print ENVIRON["ROSTRA_DEMO_SSO"]
	print "</body>"
	print "</html>"
}
' "$1"
