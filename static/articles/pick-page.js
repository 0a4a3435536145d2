/* The article form's page choice lists only the pages of the chosen issue (ArticleAdminForm);
   when the issue changes, the choices are reloaded from IssueAdmin.pages_view. The issue is an
   autocomplete (select2, which announces changes through jQuery), hence django.jQuery. */
(function () {
  "use strict";

  function reload(issueSelect, pageSelect) {
    var current = pageSelect.value;
    pageSelect.innerHTML = "";
    pageSelect.appendChild(new Option("---------", ""));
    if (!issueSelect.value) { return; }
    var url = pageSelect.dataset.pagesUrl.replace("/0/", "/" + encodeURIComponent(issueSelect.value) + "/");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        data.results.forEach(function (page) {
          pageSelect.appendChild(new Option(page.text, page.id, false, String(page.id) === current));
        });
      });
  }

  function setUp() {
    var issueSelect = document.getElementById("id_issue");
    var pageSelect = document.getElementById("id_page");
    if (!issueSelect || !pageSelect || !pageSelect.dataset.pagesUrl) { return; }
    var onChange = function () { reload(issueSelect, pageSelect); };
    if (window.django && window.django.jQuery) {
      window.django.jQuery(issueSelect).on("change", onChange);
    } else {
      issueSelect.addEventListener("change", onChange);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
