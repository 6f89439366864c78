// A product's picture through next/image (resized and re-encoded per screen by Next.js, lazy below the fold). The demo
// products' pictures ship in public/products/ (drawn by scripts/make-demo-images.mjs); others show a neutral placeholder.
import Image from "next/image";

const DEMO = new Set(["tee-black", "mug-white", "cap-navy"]);

export function productImageSrc(handle: string): string {
  return DEMO.has(handle) ? `/products/${handle}.webp` : "/products/placeholder.webp";
}

export function ProductImage({ handle, alt, sizes, preload }: { handle: string; alt: string; sizes: string; preload?: boolean }) {
  return (
    <Image
      src={productImageSrc(handle)}
      alt={alt}
      width={1200}
      height={1200}
      sizes={sizes}
      preload={preload}
      loading={preload ? undefined : "lazy"}
      className="product-image"
    />
  );
}
