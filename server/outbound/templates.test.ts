// Mails speak the order's (or customer's) language, with money in that locale and the currency's own digits; a locale
// we do not speak falls back to English, never to a missing message.
import { describe, expect, it } from "vitest";
import { orderConfirmation, passwordReset, refundNotice } from "./templates";

const order = { number: "ORD-20261204-ABCD", currency: "JPY", total: 8400, lines: [{ name: "Black Tee", quantity: 2, unitPrice: 4200 }], url: "https://shop.example/orders/o_1" };

describe("mail templates", () => {
  it("writes the order confirmation in English, German and Japanese", () => {
    expect(orderConfirmation({ ...order, locale: "en" })).toEqual({
      subject: "Your order ORD-20261204-ABCD",
      text: "Thank you for your order.\n\nOrder ORD-20261204-ABCD\n  2 × Black Tee — ¥8,400\n\nTotal: ¥8,400\n\nSee it here: https://shop.example/orders/o_1\n",
    });
    const de = orderConfirmation({ ...order, locale: "de-DE" });
    expect(de.subject).toBe("Ihre Bestellung ORD-20261204-ABCD");
    expect(de.text).toContain("Summe: 8.400\u00a0¥");
    const ja = orderConfirmation({ ...order, locale: "ja" });
    expect(ja.subject).toBe("ご注文 ORD-20261204-ABCD");
    expect(ja.text).toContain("合計: ￥8,400");
  });

  it("falls back to English for a language we do not speak", () => {
    expect(orderConfirmation({ ...order, locale: "fr-FR" }).subject).toBe("Your order ORD-20261204-ABCD");
  });

  it("writes refunds and password resets in the customer's language", () => {
    expect(refundNotice({ orderNumber: null, amount: 1050, currency: "EUR", locale: "de", url: "u" })).toEqual({
      subject: "Eine Erstattung Ihrer Zahlung",
      text: "Wir haben 10,50\u00a0€ Ihrer Zahlung erstattet. Je nach Bank ist der Betrag in wenigen Tagen auf Ihrem Konto.\n\nDetails: u\n",
    });
    expect(refundNotice({ orderNumber: "ORD-1", amount: 1050, currency: "EUR", locale: "en", url: "u" }).subject).toBe("A refund for order ORD-1");
    const reset = passwordReset({ url: "https://shop.example/reset-password?token=t", minutes: 60, locale: "ja" });
    expect(reset.subject).toBe("パスワードの再設定");
    expect(reset.text).toContain("60分間有効");
    expect(reset.text).toContain("https://shop.example/reset-password?token=t");
  });
});
