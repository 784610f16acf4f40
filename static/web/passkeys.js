// The account's second-factor page (templates/registration/second_factor_devices.html): once
// django-otp-webauthn's script says a passkey was added, the page is loaded again to list it.
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
