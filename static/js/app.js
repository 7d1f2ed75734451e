/* Progressive enhancement only: every page works without this file. */
"use strict";

(function () {
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
        // Signing out clears the cached copy of the patient's own pages.
        if (document.body.hasAttribute("data-clear-personal") && navigator.serviceWorker.controller) {
          navigator.serviceWorker.controller.postMessage("clear-personal");
        }
      }).catch(function () { /* the site still works without offline support */ });
    });
  }
})();
