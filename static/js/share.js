// The copy-link button of templates/articles/_share.html: shown only where the page may write
// to the clipboard (a secure context); the link itself stays selectable everywhere.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll(".share__copy[data-copy]").forEach(function (button) {
    var status = button.parentElement.querySelector(".share__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(
        function () { status.textContent = button.dataset.textCopied; },
        function () { status.textContent = button.dataset.textFailed; }
      );
    });
  });
})();
