// SPDX-License-Identifier: ISC — Rostra
// The demo article page's own script (render.sh), in a file so the page can
// forbid inline scripts (CSP). It loads after the comments placeholder and
// before embed.js, which reads the placeholder's attribute.
(function () {
	// Demo only: /?article=KEY shows (and posts to) another article's
	// comments, so each browser test can use a thread of its own.
	var key = new URLSearchParams(location.search).get("article");
	var el = document.querySelector("[data-rostra-article]");
	if (key && el && /^[A-Za-z0-9._:~-]{1,128}$/.test(key))
		el.setAttribute("data-rostra-article", key);
})();

// The news site's own login, played by the demo: its backend would hand a
// signed-in subscriber a single sign-on token; here a demo route mints one
// and the page passes it to the embed. The bar shows only when that route
// is on: a GET answers 204 then and 404 when the operator has not enabled
// the demo, minting nothing; a 404 to the POST hides it again.
(function () {
	var url = "/comments/api/v1/demo/sso-token";
	var bar = document.getElementById("demo-sso");
	var go = document.getElementById("demo-sso-go");
	var note = document.getElementById("demo-sso-note");
	var gone = function (r) {
		bar.hidden = r.status === 404;
		return bar.hidden;
	};
	if (!bar || !go || !note)
		return;
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
