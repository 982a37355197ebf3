/* The admin header's language menu sends its form as soon as a language is chosen; without scripts its <noscript>
   button does. A file rather than an onchange attribute: the Content Security Policy runs no inline script. */
document.querySelectorAll("form.language-switch select").forEach(function (select) {
  "use strict";
  select.addEventListener("change", function () {
    select.form.submit();
  });
});
