// Dismisses the cookie banner; no tracking in the sample site.
document.addEventListener("click", function (e) {
  if (e.target.classList.contains("cookie-accept")) { document.getElementById("cookie-notice").remove(); }
});
