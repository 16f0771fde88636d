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
#   figure -> the theme's figure.html (figure, img, figcaption with the caption markdownified)
#   gallery / feature_row -> the theme's markup reduced to its content: a figure per image
#            (gallery: caption = the image's title) then the caption; feature_row: per item
#            its figure, title (strong), excerpt and button link
#   base_path -> nothing; assigns base_path = site.url + site.baseurl (older theme versions)
#   NAME  -> the site's own _includes/NAME rendered by Liquid with include.* (as Jekyll does)
# The site is the nearest directory at or above the page holding _config.yml (site.* comes from
# it).  Jekyll's own tags and filters are reproduced: highlight (a fenced code block, as
# kramdown sees Jekyll's pre-rendered block), link / post_url (default permalinks),
# relative_url, absolute_url, markdownify, date_to_xmlschema, date_to_string,
# date_to_long_string.
# Any other include, or a Liquid syntax error, is an error (exit 1): the oracle must not guess.
require 'cgi'
require 'date'
ENV['TZ'] = 'UTC'
require 'time'
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

  # A name holding output tags (`{{ include.url }}`), as Jekyll's VARIABLE_SYNTAX takes it
  VARIABLE = /(?<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?<params>.*)/m

  def initialize(tag_name, markup, parse_context)
    super
    if (m = markup.strip.match(VARIABLE))
      @file = m['variable'].strip
      rest = m['params'].strip
    else
      @file, rest = markup.strip.split(/\s+/, 2)
    end
    @params = []
    (rest || '').scan(PARAM) { |k, dq, sq, var| @params << [k, dq || sq, var] }
  end

  # The name, rendered when it holds output tags; Jekyll refuses a name with other characters.
  def file_name(context)
    return @file unless @file.include?('{{')

    name = Liquid::Template.parse(@file).render(context).strip
    raise Liquid::SyntaxError, "oracle: invalid include name '#{name}'" if name !~ %r{\A[\w/.\-()+~#@]+\z} || name =~ %r{[./]{2,}}

    name
  end

  def render(context)
    inc = {}
    @params.each { |k, lit, var| inc[k] = lit.nil? ? context[var].to_s : lit }
    file = file_name(context)
    case file
    when 'video' then video(inc)
    when 'toc' then toc(inc)
    when 'figure' then figure(inc)
    when 'gallery', 'feature_row' then items(context, inc)
    when 'nav_list' then nav_list(inc)
    when 'base_path' then base_path(context)
    else site_include(context, inc, file)
    end
  end

  private

  # The theme's base_path include (older Minimal Mistakes, academicpages): an assign only,
  # which lands in the page's scope as Liquid's assign does.
  def base_path(context)
    url = SITE['url']
    context.scopes.last['base_path'] = url ? "#{url}#{SITE['baseurl']}" : ''
    ''
  end

  def site_include(context, inc, file)
    path = SITE_ROOT && File.join(SITE_ROOT, '_includes', file)
    raise Liquid::SyntaxError, "oracle: include '#{file}' is not modelled" unless path && File.file?(path)

    context.stack('include' => inc) do
      Liquid::Template.parse(File.read(path, encoding: 'UTF-8'), error_mode: :warn).render!(context)
    end
  end

  # The theme's nav_list reduced to its list: the nav wrapper, the menu toggle and the
  # sub-title spans are presentation.
  def nav_list(inc)
    navs = (SITE['data'] || {}).dig('navigation', inc['nav'])
    raise Liquid::SyntaxError, "oracle: no navigation '#{inc['nav']}'" unless navs.is_a?(Array)

    out = +"\n\n<ul>\n"
    navs.each do |nav|
      title = attr(nav['title'])
      out << (nav['url'] ? "<li><a href=\"#{attr(rel(nav['url']))}\">#{title}</a>" : "<li>#{title}")
      if nav['children']
        out << "<ul>\n"
        nav['children'].each { |c| out << "<li><a href=\"#{attr(rel(c['url']))}\">#{attr(c['title'])}</a></li>\n" }
        out << "</ul>\n"
      end
      out << "</li>\n"
    end
    out << "</ul>\n\n"
  end

  def rel(url)
    JekyllFilters.site_url(url.to_s, false)
  end

  def figure(inc)
    cap = inc['caption'] ? "<figcaption>#{md_inline(inc['caption'])}</figcaption>" : ''
    "\n\n<figure class=\"#{attr(inc['class'])}\"><img src=\"#{attr(rel(inc['image_path']))}\" " \
      "alt=\"#{attr(inc['alt'])}\">#{cap}</figure>\n\n"
  end

  def md_inline(s)
    Kramdown::Document.new(s.to_s, KRAMDOWN_OPTIONS).to_html.strip.sub(%r{\A<p>}, '').sub(%r{</p>\z}, '')
  end

  def items(context, inc)
    list = context['page'][inc['id'] || @file]
    return '' unless list.is_a?(Array)

    out = +"\n\n"
    cls = [inc['layout'], inc['class']].compact.join(' ')
    list.each do |it|
      next unless it.is_a?(Hash)

      if it['image_path']
        cap = @file == 'gallery' && it['title'] ? "<figcaption>#{md_inline(it['title'])}</figcaption>" : ''
        out << "<figure class=\"#{attr(cls)}\"><img src=\"#{attr(rel(it['image_path']))}\" " \
               "alt=\"#{attr(it['alt'])}\">#{cap}</figure>\n\n"
      end
      next if @file == 'gallery'

      out << "<p><strong>#{md_inline(it['title'])}</strong></p>\n\n" if it['title']
      out << "<p>#{md_inline(it['excerpt'])}</p>\n\n" if it['excerpt']
      if it['url']
        out << "<p><a href=\"#{attr(rel(it['url']))}\" class=\"#{attr(['btn', it['btn_class']].compact.join(' '))}\">" \
               "#{attr(it['btn_label'] || 'Learn more')}</a></p>\n\n"
      end
    end
    out << "<p>#{md_inline(inc['caption'])}</p>\n\n" if @file == 'gallery' && inc['caption']
    out
  end

  def attr(s)
    s.to_s.gsub('&', '&amp;').gsub('"', '&quot;').gsub('<', '&lt;')
  end

  def video(inc)
    return "\n\n" unless VIDEO_PROVIDERS.include?(inc['provider'])

    "\n\n<div class=\"oracle-video\" data-provider=\"#{attr(inc['provider'])}\" " \
      "data-id=\"#{attr(inc['id'])}\"></div>\n\n"
  end

  def toc(inc)
    title = inc['title'] || '' # none: the theme prints its UI text (the handout its own)
    "<nav class=\"oracle-toc\" data-title=\"#{attr(title)}\" markdown=\"1\">\n" \
      "* oracle contents\n{:toc}\n</nav>\n"
  end
end
Liquid::Template.register_tag('include', OracleInclude)

# Jekyll's {% include_relative FILE %}: a file beside the page, rendered like an include.
class OracleIncludeRelative < OracleInclude
  def render(context)
    inc = {}
    @params.each { |k, lit, var| inc[k] = lit.nil? ? context[var].to_s : lit }
    file = file_name(context)
    path = File.join(PAGE_DIR, file)
    raise Liquid::SyntaxError, "oracle: include_relative '#{file}' is not there" if file.include?('..') || !File.file?(path)

    context.stack('include' => inc) do
      Liquid::Template.parse(File.read(path, encoding: 'UTF-8'), error_mode: :warn).render!(context)
    end
  end
end
Liquid::Template.register_tag('include_relative', OracleIncludeRelative)

# Jekyll's {% highlight lang %}: kramdown receives Jekyll's finished block, a
# <figure class="highlight"> (raw HTML to kramdown, in Markdown and in raw HTML alike); the
# highlighter's spans are left out (only the code's text is compared).
class OracleHighlight < Liquid::Block
  def initialize(tag_name, markup, parse_context)
    super
    @lang = markup.strip.split(/\s+/).first.to_s.downcase
  end

  def render(context)
    code = super.to_s.gsub(/\A(\n|\r)+|(\n|\r)+\z/, '')
    "<figure class=\"highlight\"><pre><code class=\"language-#{@lang}\" data-lang=\"#{@lang}\">" \
      "#{CGI.escapeHTML(code)}</code></pre></figure>"
  end
end
Liquid::Template.register_tag('highlight', OracleHighlight)

# {% link path %} / {% post_url name %}: Jekyll's default permalinks.
class OracleLink < Liquid::Tag
  def initialize(tag_name, markup, parse_context)
    super
    @post = tag_name == 'post_url'
    @path = markup.strip
  end

  def render(_context)
    if @post
      m = @path.match(/\A(\d{4})-(\d\d)-(\d\d)-(.*)\z/)
      m ? "/#{m[1]}/#{m[2]}/#{m[3]}/#{m[4]}.html" : "/#{@path}.html"
    else
      "/#{@path.sub(%r{\A/}, '').sub(/\.(md|markdown)\z/, '.html')}"
    end
  end
end
Liquid::Template.register_tag('link', OracleLink)
Liquid::Template.register_tag('post_url', OracleLink)

# Jekyll's URL, Markdown and date filters.
module JekyllFilters
  def self.site_url(input, absolute)
    return input if input =~ %r{\A[a-zA-Z][a-zA-Z0-9+.-]*:}

    base = SITE['baseurl'].to_s.chomp('/')
    base = "/#{base}" unless base.empty? || base.start_with?('/')
    path = input.start_with?('/') ? input : "/#{input}"
    (absolute ? SITE['url'].to_s.chomp('/') : '') + base + path
  end

  def relative_url(input)
    return if input.nil? # as Jekyll's URLFilters
    JekyllFilters.site_url(input.to_s, false)
  end

  def absolute_url(input)
    return if input.nil?
    JekyllFilters.site_url(input.to_s, true)
  end

  def markdownify(input)
    Kramdown::Document.new(input.to_s, KRAMDOWN_OPTIONS).to_html
  end

  # Not Jekyll's own: the common site plugin (_plugins/liquify.rb) that renders a value's Liquid.
  def liquify(input)
    Liquid::Template.parse(input.to_s).render(@context)
  end

  # Jekyll's slugify, default mode: runs of characters other than letters and digits become one
  # hyphen, none at either end; downcased.
  def slugify(input)
    input.to_s.gsub(/[^\p{M}\p{L}\p{Nd}]+/, '-').gsub(/\A-+|-+\z/, '').downcase
  end

  # Jekyll's where_exp: the items for which the condition holds, the name bound to each.
  def where_exp(input, variable, expression)
    return input unless input.respond_to?(:select)

    input = input.values if input.is_a?(Hash)
    cond = Liquid::Template.parse("{% if #{expression} %}1{% endif %}")
    input.select do |object|
      @context.stack do
        @context[variable] = object
        cond.render(@context) == '1'
      end
    end
  end

  def date_to_xmlschema(input)
    to_time(input).xmlschema
  end

  def date_to_string(input)
    to_time(input).strftime('%d %b %Y')
  end

  def date_to_long_string(input)
    to_time(input).strftime('%d %B %Y')
  end

  private

  def to_time(input)
    case input
    when Time then input
    when Date then input.to_time # local time, as Jekyll's (the driver runs with TZ=UTC)
    else Time.parse(input.to_s)
    end
  end
end
Liquid::Template.register_filter(JekyllFilters)

path = ARGV.fetch(0) { abort 'usage: jekyll_oracle.rb PAGE.md' }
src = File.read(path, encoding: 'UTF-8')
dir = File.dirname(File.expand_path(path))
PAGE_DIR = dir
dir = File.dirname(dir) until File.file?(File.join(dir, '_config.yml')) || dir == File.dirname(dir)
SITE_ROOT = File.file?(File.join(dir, '_config.yml')) ? dir : nil
# (YAML aliases are allowed: Jekyll's SafeYAML reads `&a` / `*a` in a config and front matter)
SITE = SITE_ROOT ? (YAML.safe_load(File.read(File.join(SITE_ROOT, '_config.yml')), permitted_classes: [Date, Time, Symbol], aliases: true) || {}) : {}
if SITE_ROOT
  SITE['data'] = Dir[File.join(SITE_ROOT, '_data', '*.yml')].to_h do |f|
    [File.basename(f, '.yml'), YAML.safe_load(File.read(f), permitted_classes: [Date, Time, Symbol], aliases: true)]
  end
end
page = {}
if (m = src.match(/\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\z)/m))
  page = YAML.safe_load(m[1], permitted_classes: [Date, Time, Symbol], aliases: true) || {}
  src = m.post_match
end

begin
  # (Liquid's warn mode, Jekyll's default `liquid: error_mode`, as for the site's includes)
  template = Liquid::Template.parse(src, error_mode: :warn, line_numbers: true)
  body = template.render!({ 'page' => page, 'site' => SITE }, strict_variables: false)
rescue Liquid::Error => e
  warn "#{path}: oracle: #{e.message}"
  exit 1
end

# Elements whose content kramdown parses as Markdown are marked (kramdown keeps unknown
# attributes), so that the comparison can apply its declared rule for their wrappers.
body = body.gsub(/<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*?)?\smarkdown=(["'])(1|block|span)\3/) do
  "<#{$1}#{$2} data-oracle-md=\"1\" markdown=#{$3}#{$4}#{$3}"
end
doc = Kramdown::Document.new(body, KRAMDOWN_OPTIONS)
html = doc.to_html
# Front matter `toc: true`: the theme's sidebar contents (built by the layout from the page's
# headings), before the body.  kramdown fills one {:toc} per document: a second rendering
# with the marker first gives the list.
if page['toc'] == true
  title = (page['toc_label'] || '').to_s # none: the theme's UI text (not compared).gsub('&', '&amp;').gsub('"', '&quot;')
  side = Kramdown::Document.new("* oracle contents\n{:toc}\n\n" + body, KRAMDOWN_OPTIONS).to_html
  list = side[%r{<ul id="markdown-toc">.*?^</ul>}m] || ''
  html = "<nav class=\"oracle-toc\" data-title=\"#{title}\">\n#{list}\n</nav>\n" + html
end
# The site's address, for the comparison's rule on site-relative links (compare.py).
site_url = SITE['url'].to_s.sub(%r{/+\z}, '')
html = "<meta name=\"oracle-site-url\" content=\"#{site_url}\">\n#{html}" if site_url =~ %r{\Ahttps?://}
print html
