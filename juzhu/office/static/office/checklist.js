// Application intake: the checklist follows the claimed condition (Art 11): only the proof
// the condition needs is highlighted, with its issuer field.
(function () {
  "use strict";
  const form = document.getElementById("application-form");
  if (!form) return;
  const proofs = {employment: "employment_proof", residence: "stable_residence_proof", study: "study_proof"};
  function update() {
    const chosen = form.querySelector("input[name=condition]:checked");
    const needed = chosen ? proofs[chosen.value] : null;
    for (const [condition, proof] of Object.entries(proofs)) {
      const box = form.querySelector(`input[name=materials][value=${proof}]`);
      const issuer = form.elements["issuer_" + proof];
      const relevant = proof === needed;
      if (box) box.closest("div").classList.toggle("dimmed", !relevant);
      if (issuer) issuer.closest(".field").hidden = !relevant;
    }
  }
  form.addEventListener("change", update);
  update();
})();
