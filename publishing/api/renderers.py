"""The browsable API's renderer (a module of its own: REST framework imports its renderer
setting while modules importing REST framework's views are still loading)."""

from rest_framework.renderers import BrowsableAPIRenderer


class ArchiveBrowsableAPIRenderer(BrowsableAPIRenderer):
    """The browsable API with raw JSON forms only.

    DRF's HTML forms turn every related field into a <select> of all its objects (drafts
    included, up to a thousand); a token holder writes ids, which the raw form takes as well.
    """

    def get_rendered_html_form(self, data, view, method, request):
        return None
