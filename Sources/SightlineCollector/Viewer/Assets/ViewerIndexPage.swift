/// The viewer's one HTML document, served at `/`: a frame (header, navigation, notices) that
/// `app.js` fills. No inline script or style, so the Content-Security-Policy can forbid both.
enum ViewerIndexPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Sightline</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/viewer/style.css">
<script type="module" src="/viewer/app.js"></script>
</head>
<body>
<header class="top">
<a class="brand" href="#/traces">Sightline</a>
<nav id="nav"></nav>
</header>
<div id="notices" aria-live="polite"></div>
<main id="main"><noscript>The Sightline viewer needs JavaScript.</noscript></main>
</body>
</html>
"""#
}
