// SPDX-License-Identifier: ISC — Rostra
// The demo article list's own script (/list), in a file so the page can
// forbid inline scripts (CSP); deferred, it runs before count.js.
// Demo only: /list?article=K1&article=K2… lists those keys instead, and
// &format=… sets data-rostra-count-format (the tests use both). Keys are
// shown as typed, invalid ones too, as text and attributes only.
(function () {
	var q = new URLSearchParams(location.search);
	var keys = q.getAll("article");
	var ul = document.getElementById("stories");
	if (keys.length === 0)
		return;
	ul.textContent = "";
	keys.forEach(function (key) {
		var li = document.createElement("li");
		var story = document.createElement("a");
		var count = document.createElement("a");
		story.href = count.href = "/?article=" + encodeURIComponent(key);
		story.textContent = key;
		count.className = "count";
		count.textContent = "Comments";
		count.setAttribute("data-rostra-count", key);
		if (q.has("format"))
			count.setAttribute("data-rostra-count-format", q.get("format"));
		li.append(story, " ", count);
		ul.append(li);
	});
})();
