"""The site's URLs plus the media readers may see, so the live server can show renditions."""

from newsroom.media import public_media_urlpatterns
from newsroom.urls import urlpatterns as site_urlpatterns

urlpatterns = [*public_media_urlpatterns(), *site_urlpatterns]
