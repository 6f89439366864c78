// The order page's addresses: the browser checkout's shape and Medusa's store shape both read as the same lines; a
// country code Intl does not know is shown as given instead of throwing (it was a RangeError and an error page).
import { describe, expect, it } from "vitest";
import { countryName, toDisplayAddress } from "../../components/checkout/address-display";

describe("address display", () => {
  it("reads the checkout's own shape", () => {
    expect(toDisplayAddress({ name: "Ada", line1: "1 Main St", city: "Springfield", state: "NY", postalCode: "12345", country: "US" })).toEqual({
      name: "Ada", line1: "1 Main St", line2: undefined, city: "Springfield", state: "NY", postalCode: "12345", country: "US", phone: undefined,
    });
  });

  it("reads Medusa's store shape", () => {
    const medusa = { first_name: "Ada", last_name: "Lovelace", address_1: "Hauptstraße 1", address_2: "", city: "Berlin", province: null, postal_code: "10115", country_code: "de", phone: "+49 30 1" };
    expect(toDisplayAddress(medusa)).toEqual({
      name: "Ada Lovelace", line1: "Hauptstraße 1", line2: undefined, city: "Berlin", state: undefined, postalCode: "10115", country: "de", phone: "+49 30 1",
    });
  });

  it("names countries, and shows a code Intl refuses as it is", () => {
    expect(countryName("de")).toBe("Germany");
    expect(countryName("not a code")).toBe("not a code");
    expect(countryName("ZZZ")).toBe("ZZZ");
  });
});
