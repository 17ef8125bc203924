// Application intake: the checklist follows the claimed condition (Art 11): only the proof
// the condition needs is highlighted, with its issuer field. Which proof each condition needs
// is the materials parameter's, given by the page (json_script "checklist-data"); no code here.
(function () {
  "use strict";
  const form = document.getElementById("application-form");
  const data = document.getElementById("checklist-data");
  if (!form || !data) return;
  const needs = JSON.parse(data.textContent);  // condition -> [proof codes]
  const proofs = new Set(Object.values(needs).flat());
  function update() {
    const chosen = form.querySelector("input[name=condition]:checked");
    const needed = new Set(chosen ? needs[chosen.value] || [] : []);
    for (const proof of proofs) {
      const box = form.querySelector(`input[name=materials][value="${CSS.escape(proof)}"]`);
      const issuer = form.elements["issuer_" + proof];
      const relevant = needed.has(proof);
      if (box) box.closest("div").classList.toggle("dimmed", !relevant);
      if (issuer) issuer.closest(".field").hidden = !relevant;
    }
  }
  form.addEventListener("change", update);
  update();
})();
