package nnc.report.html;

import java.util.Locale;

/**
 * A small builder of inline SVG drawings: shapes and text in user units, attributes escaped, numbers written with at
 * most two decimals so that a page of thousands of shapes stays small. Nothing here reads or writes files.
 */
public final class Svg {
    private final StringBuilder body = new StringBuilder();
    private final double width;
    private final double height;
    private final String label;

    /**
     * @param width  the drawing's width in CSS pixels
     * @param height its height
     * @param label  what it shows, for screen readers and as its tooltip
     */
    public Svg(double width, double height, String label) {
        this.width = width;
        this.height = height;
        this.label = label;
    }

    public Svg rect(double x, double y, double w, double h, String fill) {
        open(x, y, w, h).append("\" fill=\"").append(attr(fill)).append("\"/>");
        return this;
    }

    /** A rectangle with a tooltip (the {@code <title>} a browser shows on hover). */
    public Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
        open(x, y, w, h).append("\" fill=\"").append(attr(fill)).append("\"><title>").append(text(tooltip))
                .append("</title></rect>");
        return this;
    }

    /** An unfilled rectangle. */
    public Svg frame(double x, double y, double w, double h, String stroke) {
        open(x, y, w, h).append("\" fill=\"none\" stroke=\"").append(attr(stroke)).append("\"/>");
        return this;
    }

    private StringBuilder open(double x, double y, double w, double h) {
        return body.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h));
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth) {
        body.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(attr(stroke))
                .append("\" stroke-width=\"").append(num(strokeWidth)).append("\"/>");
        return this;
    }

    public Svg circle(double cx, double cy, double r, String fill, String stroke) {
        body.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"")
                .append(num(r)).append("\" fill=\"").append(attr(fill)).append("\" stroke=\"").append(attr(stroke))
                .append("\"/>");
        return this;
    }

    /**
     * A polyline through the points {@code (xs[i], ys[i])}; a NaN coordinate breaks the line there (each unbroken
     * run becomes its own polyline). {@code cssClass} names the series, so that a test or a style can find it.
     */
    public Svg polyline(double[] xs, double[] ys, String stroke, String cssClass) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= xs.length; i++) {
            boolean ok = i < xs.length && Double.isFinite(xs[i]) && Double.isFinite(ys[i]);
            if (ok) {
                points.append(points.length() == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(ys[i]));
            } else if (points.length() > 0) {
                body.append("<polyline class=\"").append(attr(cssClass)).append("\" points=\"").append(points)
                        .append("\" fill=\"none\" stroke=\"").append(attr(stroke))
                        .append("\" stroke-width=\"2\"/>");
                points.setLength(0);
            }
        }
        return this;
    }

    /**
     * Text anchored at (x, y); {@code anchor} is {@code start}, {@code middle} or {@code end}.
     */
    public Svg text(double x, double y, String content, String anchor, double size) {
        return text(x, y, content, anchor, size, null);
    }

    /** Text in a colour ({@code fill}; null: the page's text colour). */
    public Svg text(double x, double y, String content, String anchor, double size, String fill) {
        body.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
                .append(num(size)).append('"');
        if (!"start".equals(anchor)) {
            body.append(" text-anchor=\"").append(attr(anchor)).append('"');
        }
        if (fill != null) {
            body.append(" fill=\"").append(attr(fill)).append('"');
        }
        body.append('>').append(text(content)).append("</text>");
        return this;
    }

    /** Text turned 90° counter-clockwise about its anchor (a vertical axis title). */
    public Svg verticalText(double x, double y, String content, double size) {
        body.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
                .append(num(size)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 ").append(num(x))
                .append(' ').append(num(y)).append(")\">").append(text(content)).append("</text>");
        return this;
    }

    /** The finished drawing: an {@code <svg>} element with a view box, scaled to the page's width by CSS. */
    public String render() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + num(width) + "\" height=\""
                + num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" aria-label=\""
                + attr(label) + "\"><title>" + text(label) + "</title>" + body + "</svg>";
    }

    /** A number with at most two decimals and no trailing zeros: {@code 3}, {@code 2.5}, {@code -0.13}. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite coordinate: " + v);
        }
        long hundredths = Math.round(v * 100);
        if (hundredths % 100 == 0) {
            return Long.toString(hundredths / 100);
        }
        String s = String.format(Locale.ROOT, "%.2f", hundredths / 100.0);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    /** Escapes text content for HTML and SVG. */
    public static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Escapes an attribute value (double-quoted). */
    public static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }
}
