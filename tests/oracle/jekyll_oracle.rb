# The reference oracle: renders a Jekyll course page the way Jekyll with the Minimal Mistakes
# theme does (Liquid first, then kramdown with Jekyll's options), using only Debian's
# ruby-liquid, ruby-kramdown and ruby-kramdown-parser-gfm (no network, no Jekyll).
#
#   ruby jekyll_oracle.rb PAGE.md > page.html
#
# Writes the page body as kramdown's HTML.  The theme's includes are replaced by small markers
# with the same block structure, so the comparison sees what they mean, not the theme's markup:
#   video -> <div class="oracle-video" data-provider="P" data-id="ID"></div>  (nothing for an
#            unknown provider, as in the theme); surrounded by blank lines like the theme's file
#   toc   -> <nav class="oracle-toc" data-title="T">, holding kramdown's own {:toc} list (the
#            theme's toc include is built on kramdown's TOC as well)
# Any other include, or a Liquid syntax error, is an error (exit 1): the oracle must not guess.
require 'date'
require 'json'
require 'yaml'
require 'liquid'
require 'kramdown'
require 'kramdown-parser-gfm'

# Jekyll's kramdown options (Jekyll's defaults; course sites do not change them).
KRAMDOWN_OPTIONS = {
  input: 'GFM',
  auto_ids: true,
  toc_levels: (1..6).to_a,
  entity_output: :as_char,
  smart_quotes: %w[lsquo rsquo ldquo rdquo],
  hard_wrap: false,
  footnote_nr: 1,
  show_warnings: false
}.freeze

VIDEO_PROVIDERS = %w[youtube vimeo google-drive bilibili].freeze

# Jekyll's include tag syntax: `{% include NAME key="v" key='v' key=variable %}`.
class OracleInclude < Liquid::Tag
  PARAM = /([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))/m

  def initialize(tag_name, markup, parse_context)
    super
    @file, rest = markup.strip.split(/\s+/, 2)
    @params = []
    (rest || '').scan(PARAM) { |k, dq, sq, var| @params << [k, dq || sq, var] }
  end

  def render(context)
    inc = {}
    @params.each { |k, lit, var| inc[k] = lit.nil? ? context[var].to_s : lit }
    case @file
    when 'video' then video(inc)
    when 'toc' then toc(inc)
    else raise Liquid::SyntaxError, "oracle: include '#{@file}' is not modelled"
    end
  end

  private

  def attr(s)
    s.to_s.gsub('&', '&amp;').gsub('"', '&quot;').gsub('<', '&lt;')
  end

  def video(inc)
    return "\n\n" unless VIDEO_PROVIDERS.include?(inc['provider'])

    "\n\n<div class=\"oracle-video\" data-provider=\"#{attr(inc['provider'])}\" " \
      "data-id=\"#{attr(inc['id'])}\"></div>\n\n"
  end

  def toc(inc)
    title = inc['title'] || 'On this page'
    "<nav class=\"oracle-toc\" data-title=\"#{attr(title)}\" markdown=\"1\">\n" \
      "* oracle contents\n{:toc}\n</nav>\n"
  end
end
Liquid::Template.register_tag('include', OracleInclude)

path = ARGV.fetch(0) { abort 'usage: jekyll_oracle.rb PAGE.md' }
src = File.read(path, encoding: 'UTF-8')
page = {}
if (m = src.match(/\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?\n/m))
  page = YAML.safe_load(m[1], permitted_classes: [Date, Time]) || {}
  src = m.post_match
end

begin
  template = Liquid::Template.parse(src, error_mode: :strict, line_numbers: true)
  body = template.render!({ 'page' => page, 'site' => {} }, strict_variables: false)
rescue Liquid::Error => e
  warn "#{path}: oracle: #{e.message}"
  exit 1
end

doc = Kramdown::Document.new(body, KRAMDOWN_OPTIONS)
print doc.to_html
