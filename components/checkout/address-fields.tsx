"use client";
// One address's fields for the checkout form, named by their path in `checkoutDetails` (server/core/checkout-schema.ts)
// so a browser check and a server refusal land next to the same field. Country is a select of the cart region's
// countries; a state or province select appears for the countries that need one.
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, type ReactNode } from "react";
import { fieldErrorKey, REGIONS_BY_COUNTRY, type FieldErrors } from "~/server/core/checkout-fields";
import { countryName } from "./address-display";

const domId = (path: string) => path.replace(/\./g, "-");

/** A label, its control and the control's message: `aria-invalid` and `aria-describedby` point at the words. */
export function Field({
  path,
  label,
  errors,
  hint,
  children,
}: {
  path: string;
  label: string;
  errors: FieldErrors;
  hint?: string;
  children: (props: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = domId(path);
  const code = errors[path];
  const t = useTranslations("fieldErrors");
  const describedBy = [hint ? `${id}-hint` : null, code ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {children({ id, name: path, "aria-invalid": !!code, "aria-describedby": describedBy })}
      {code && (
        <span id={`${id}-error`} className="error field-error" data-testid={`${id}-error`}>
          {t(fieldErrorKey(path, code))}
        </span>
      )}
    </div>
  );
}

export type AddressValue = Partial<Record<"name" | "line1" | "line2" | "city" | "state" | "postalCode" | "country" | "phone", string>>;

export function AddressFields({
  prefix,
  testIdPrefix,
  countries,
  initial,
  errors,
  withPhone,
}: {
  /** `shippingAddress` or `billingAddress` */
  prefix: string;
  /** data-testid prefix: `checkout` (the shipping fields' ids the e2e specs use) or `billing` */
  testIdPrefix: string;
  /** ISO 3166 alpha-2 codes, upper case, in the region's order */
  countries: string[];
  initial: AddressValue;
  errors: FieldErrors;
  withPhone?: boolean;
}) {
  const t = useTranslations("address");
  const locale = useLocale();
  const names = useMemo(() => new Intl.DisplayNames([locale], { type: "region" }), [locale]);
  const name = (code: string) => countryName(code, names);
  const first = countries[0] ?? "";
  const start = initial.country && countries.includes(initial.country.toUpperCase()) ? initial.country.toUpperCase() : first;
  const [country, setCountry] = useState(start);
  const states = REGIONS_BY_COUNTRY[country];
  const p = (k: string) => `${prefix}.${k}`;
  const sorted = [...countries].sort((a, b) => name(a).localeCompare(name(b), locale));
  const ac = prefix === "billingAddress" ? "billing " : "shipping ";
  return (
    <>
      <Field path={p("name")} label={t("name")} errors={errors}>
        {(a) => <input {...a} autoComplete={`${ac}name`} defaultValue={initial.name ?? ""} data-testid={`${testIdPrefix}-name`} />}
      </Field>
      <Field path={p("line1")} label={t("line1")} errors={errors}>
        {(a) => <input {...a} autoComplete={`${ac}address-line1`} defaultValue={initial.line1 ?? ""} data-testid={`${testIdPrefix}-line1`} />}
      </Field>
      <Field path={p("line2")} label={t("line2")} errors={errors}>
        {(a) => <input {...a} autoComplete={`${ac}address-line2`} defaultValue={initial.line2 ?? ""} data-testid={`${testIdPrefix}-line2`} />}
      </Field>
      <Field path={p("city")} label={t("city")} errors={errors}>
        {(a) => <input {...a} autoComplete={`${ac}address-level2`} defaultValue={initial.city ?? ""} data-testid={`${testIdPrefix}-city`} />}
      </Field>
      <Field path={p("country")} label={t("country")} errors={errors}>
        {(a) => (
          // not controlled: the value the shopper picked is what the form sends
          <select {...a} autoComplete={`${ac}country`} defaultValue={start} onChange={(e) => setCountry(e.target.value)} data-testid={`${testIdPrefix}-country`}>
            {sorted.map((c) => (
              <option key={c} value={c}>
                {name(c)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {states && (
        <Field path={p("state")} label={country === "CA" ? t("province") : t("state")} errors={errors}>
          {(a) => (
            <select {...a} autoComplete={`${ac}address-level1`} defaultValue={initial.state ?? ""} data-testid={`${testIdPrefix}-state`}>
              <option value="">{t("choose")}</option>
              {states.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field path={p("postalCode")} label={t("postalCode")} errors={errors}>
        {(a) => <input {...a} autoComplete={`${ac}postal-code`} defaultValue={initial.postalCode ?? ""} data-testid={`${testIdPrefix}-postal`} />}
      </Field>
      {withPhone && (
        <Field path={p("phone")} label={t("phone")} hint={t("phoneHint")} errors={errors}>
          {(a) => <input {...a} type="tel" autoComplete={`${ac}tel`} defaultValue={initial.phone ?? ""} data-testid={`${testIdPrefix}-phone`} />}
        </Field>
      )}
    </>
  );
}

/** Read one address back from the form, by the field names above. */
export function readAddress(f: FormData, prefix: string): AddressValue {
  const keys = ["name", "line1", "line2", "city", "state", "postalCode", "country", "phone"] as const;
  return Object.fromEntries(keys.map((k) => [k, String(f.get(`${prefix}.${k}`) ?? "")])) as AddressValue;
}
